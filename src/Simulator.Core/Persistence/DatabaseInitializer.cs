using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Simulator.Core.Clock;
using Simulator.Core.Seeding;

namespace Simulator.Core.Persistence;

/// <summary>Creates the store on start (a SQLite file survives restarts) and seeds an empty one.</summary>
public sealed class DatabaseInitializer(
    IDbContextFactory<SimulatorDbContext> dbFactory,
    SimulationClock time,
    IOptions<SimulatorOptions> options,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var created = await db.Database.EnsureCreatedAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        if (!created)
        {
            await ResumeClockAsync(db, cancellationToken);
        }
        await AccountSeeder.SeedAsync(db, options.Value, time.GetUtcNow(), cancellationToken);
        logger.LogInformation("Store {Provider} ready ({State})", options.Value.Storage.Provider, created ? "created and seeded" : "existing");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// A durable store outlives the process: simulated time carries on from the last moment it
    /// recorded (it stood still while the simulator was down), never going back.
    /// </summary>
    private async Task ResumeClockAsync(SimulatorDbContext db, CancellationToken cancellationToken)
    {
        var moments = new List<DateTimeOffset?>
        {
            await db.WebhookEvents.MaxAsync(e => (DateTimeOffset?)e.CreatedAt, cancellationToken),
            await db.DeliveryAttempts.MaxAsync(a => (DateTimeOffset?)a.StartedAt, cancellationToken),
            await db.Deliveries.MaxAsync(d => (DateTimeOffset?)d.CompletedAt, cancellationToken),
            await db.SoapNotes.MaxAsync(n => (DateTimeOffset?)n.UpdatedAt, cancellationToken),
            await db.WebhookEndpoints.MaxAsync(e => (DateTimeOffset?)e.UpdatedAt, cancellationToken),
            await db.Accounts.MaxAsync(a => (DateTimeOffset?)a.PlanChangedAt, cancellationToken),
        };
        if (moments.Max() is { } last && last > time.GetUtcNow())
        {
            time.AdvanceTo(last);
            logger.LogInformation("Simulated time resumes at {Now}, the store's last recorded moment", last);
        }
    }
}
