using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Simulator.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class DeliveryVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "Deliveries",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Version",
                table: "Deliveries");
        }
    }
}
