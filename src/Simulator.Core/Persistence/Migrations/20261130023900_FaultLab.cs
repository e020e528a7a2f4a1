using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Simulator.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class FaultLab : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "FaultConcurrentDuplicateRate",
                table: "WebhookEndpoints",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<double>(
                name: "FaultDuplicateRate",
                table: "WebhookEndpoints",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<double>(
                name: "FaultReorderRate",
                table: "WebhookEndpoints",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<int>(
                name: "FaultSeed",
                table: "WebhookEndpoints",
                type: "INTEGER",
                nullable: false,
                defaultValue: 438); // FaultSettings.DefaultSeed: endpoints made before the fault lab get the seed new ones start with

            migrationBuilder.AddColumn<long>(
                name: "DuplicateOfId",
                table: "Deliveries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Fault",
                table: "Deliveries",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_DuplicateOfId",
                table: "Deliveries",
                column: "DuplicateOfId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deliveries_DuplicateOfId",
                table: "Deliveries");

            migrationBuilder.DropColumn(
                name: "FaultConcurrentDuplicateRate",
                table: "WebhookEndpoints");

            migrationBuilder.DropColumn(
                name: "FaultDuplicateRate",
                table: "WebhookEndpoints");

            migrationBuilder.DropColumn(
                name: "FaultReorderRate",
                table: "WebhookEndpoints");

            migrationBuilder.DropColumn(
                name: "FaultSeed",
                table: "WebhookEndpoints");

            migrationBuilder.DropColumn(
                name: "DuplicateOfId",
                table: "Deliveries");

            migrationBuilder.DropColumn(
                name: "Fault",
                table: "Deliveries");
        }
    }
}
