using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Simulator.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class EmailHandoff : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "HandedToSmtpAt",
                table: "Emails",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "LostHandoffs",
                table: "Emails",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "HandedToSmtpAt",
                table: "Emails");

            migrationBuilder.DropColumn(
                name: "LostHandoffs",
                table: "Emails");
        }
    }
}
