using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Simulator.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ConcurrencyAndEmailBackoff : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "WebhookEndpoints",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "NextSendAt",
                table: "Emails",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "State",
                table: "DeliveryAttempts",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "Completed"); // the released version wrote an attempt once it had its outcome

            migrationBuilder.AddColumn<string>(
                name: "Url",
                table: "DeliveryAttempts",
                type: "TEXT",
                maxLength: 2048,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "Accounts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // the released version did not keep where an attempt went: its endpoint's URL now is the best guess
            migrationBuilder.Sql(
                """
                UPDATE "DeliveryAttempts" SET "Url" = COALESCE((
                    SELECT "e"."Url" FROM "Deliveries" AS "d" JOIN "WebhookEndpoints" AS "e" ON "e"."Id" = "d"."EndpointId"
                    WHERE "d"."Id" = "DeliveryAttempts"."DeliveryId"), '');
                """);

            migrationBuilder.CreateIndex(
                name: "IX_DeliveryAttempts_State",
                table: "DeliveryAttempts",
                column: "State");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_DeliveryAttempts_State",
                table: "DeliveryAttempts");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "WebhookEndpoints");

            migrationBuilder.DropColumn(
                name: "NextSendAt",
                table: "Emails");

            migrationBuilder.DropColumn(
                name: "State",
                table: "DeliveryAttempts");

            migrationBuilder.DropColumn(
                name: "Url",
                table: "DeliveryAttempts");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "Accounts");
        }
    }
}
