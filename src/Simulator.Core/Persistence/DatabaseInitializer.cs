using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Simulator.Core.Seeding;

namespace Simulator.Core.Persistence;

/// <summary>Creates the store on start (a SQLite file survives restarts) and seeds an empty one.</summary>
public sealed class DatabaseInitializer(
    IDbContextFactory<SimulatorDbContext> dbFactory,
    TimeProvider time,
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
        await AccountSeeder.SeedAsync(db, options.Value, time.GetUtcNow(), cancellationToken);
        logger.LogInformation("Store {Provider} ready ({State})", options.Value.Storage.Provider, created ? "created and seeded" : "existing");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
