using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Simulator.Core.Clock;
using Simulator.Core.Seeding;

namespace Simulator.Core.Persistence;

/// <summary>
/// Creates the store on start (a SQLite file survives restarts) and seeds an empty one. An existing
/// store sets the simulated clock forward to the latest moment it recorded: simulated time runs
/// ahead of real time, and after a restart it must not run backwards behind its own history.
/// </summary>
public sealed class DatabaseInitializer(
    IDbContextFactory<SimulatorDbContext> dbFactory,
    SimulationClock clock,
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
        if (!created && await LatestRecordedAsync(db, cancellationToken) is { } latest && latest > clock.GetUtcNow())
        {
            clock.AdvanceTo(latest);
            logger.LogInformation("Simulated time resumes at {Now}, the latest moment the store recorded", latest);
        }
        await AccountSeeder.SeedAsync(db, options.Value, clock.GetUtcNow(), cancellationToken);
        logger.LogInformation("Store {Provider} ready ({State})", options.Value.Storage.Provider, created ? "created and seeded" : "existing");
    }

    private static async Task<DateTimeOffset?> LatestRecordedAsync(SimulatorDbContext db, CancellationToken cancellationToken)
    {
        DateTimeOffset?[] latest =
        [
            await db.Accounts.OrderByDescending(a => a.PlanChangedAt).Select(a => (DateTimeOffset?)a.PlanChangedAt).FirstOrDefaultAsync(cancellationToken),
            await db.SoapNotes.OrderByDescending(n => n.UpdatedAt).Select(n => (DateTimeOffset?)n.UpdatedAt).FirstOrDefaultAsync(cancellationToken),
            await db.WebhookEndpoints.OrderByDescending(e => e.UpdatedAt).Select(e => (DateTimeOffset?)e.UpdatedAt).FirstOrDefaultAsync(cancellationToken),
            await db.WebhookEvents.OrderByDescending(e => e.CreatedAt).Select(e => (DateTimeOffset?)e.CreatedAt).FirstOrDefaultAsync(cancellationToken),
            await db.DeliveryAttempts.OrderByDescending(a => a.StartedAt).Select(a => (DateTimeOffset?)a.StartedAt).FirstOrDefaultAsync(cancellationToken),
            await db.Deliveries.Where(d => d.CompletedAt != null).OrderByDescending(d => d.CompletedAt).Select(d => d.CompletedAt).FirstOrDefaultAsync(cancellationToken),
            await db.Emails.OrderByDescending(e => e.CreatedAt).Select(e => (DateTimeOffset?)e.CreatedAt).FirstOrDefaultAsync(cancellationToken),
        ];
        return latest.Max();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
