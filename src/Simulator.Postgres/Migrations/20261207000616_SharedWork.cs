using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Simulator.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class SharedWork : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Several instances on one store (docs/architecture.md, "Several instances on one PostgreSQL store").
            // Kept out of the EF model, which both providers share: only the coordination (Simulator.Postgres) reads them.

            // a lease on each row that due work is claimed on: who holds it, until when (the server's clock)
            migrationBuilder.Sql("""
                ALTER TABLE "Deliveries" ADD "LeaseOwner" uuid NULL, ADD "LeaseUntil" timestamp with time zone NULL;
                ALTER TABLE "WebhookEndpoints" ADD "LeaseOwner" uuid NULL, ADD "LeaseUntil" timestamp with time zone NULL;
                ALTER TABLE "Emails" ADD "LeaseOwner" uuid NULL, ADD "LeaseUntil" timestamp with time zone NULL;
                """);

            // what the instances look for, often: due deliveries, attempts in flight, disablings, handoffs in doubt
            migrationBuilder.Sql("""
                CREATE INDEX "IX_Deliveries_Due" ON "Deliveries" ("NextAttemptAt") WHERE "Status" = 'Pending';
                CREATE INDEX "IX_DeliveryAttempts_InFlight" ON "DeliveryAttempts" ("DeliveryId") WHERE "State" = 'InFlight';
                CREATE INDEX "IX_WebhookEndpoints_Disabling" ON "WebhookEndpoints" ("DisableAt") WHERE "Status" = 'Active' AND "DisableAt" IS NOT NULL;
                CREATE INDEX "IX_Emails_Handoff" ON "Emails" ("Id") WHERE "HandedToSmtpAt" IS NOT NULL;
                """);

            // the one simulated clock: simulated time (UTC ticks) at a moment of the server's clock, the speed (0: paused),
            // and the advance in progress (who runs it, its lease, its target)
            migrationBuilder.Sql("""
                CREATE TABLE "SharedClock" (
                    "Id" integer PRIMARY KEY CHECK ("Id" = 1),
                    "AnchorTicks" bigint NOT NULL,
                    "AnchorAt" timestamp with time zone NOT NULL,
                    "Speed" double precision NOT NULL,
                    "Generation" bigint NOT NULL,
                    "AdvanceOwner" uuid NULL,
                    "AdvanceUntil" timestamp with time zone NULL,
                    "AdvanceTarget" bigint NULL
                );
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TABLE "SharedClock";
                DROP INDEX "IX_Emails_Handoff";
                DROP INDEX "IX_WebhookEndpoints_Disabling";
                DROP INDEX "IX_DeliveryAttempts_InFlight";
                DROP INDEX "IX_Deliveries_Due";
                ALTER TABLE "Emails" DROP "LeaseOwner", DROP "LeaseUntil";
                ALTER TABLE "WebhookEndpoints" DROP "LeaseOwner", DROP "LeaseUntil";
                ALTER TABLE "Deliveries" DROP "LeaseOwner", DROP "LeaseUntil";
                """);
        }
    }
}
