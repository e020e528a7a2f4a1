using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Simulator.Core.Clock;
using Simulator.Core.Persistence;

namespace Simulator.Core.Seeding;

/// <summary>
/// Creates the store on start (a SQLite file survives restarts) and seeds an empty one. An existing
/// store sets the simulated clock forward to the latest moment it recorded: simulated time runs
/// ahead of real time, and after a restart it must not run backwards behind its own history. A store
/// that other processes share (PostgreSQL) is migrated with its provider's migrations and seeded under
/// the <see cref="IStoreStartLock"/>, so that instances starting together take turns.
/// </summary>
public sealed class DatabaseInitializer(
    IDbContextFactory<SimulatorDbContext> dbFactory,
    StoreLocation store,
    SimulationClock clock,
    IOptions<SimulatorOptions> options,
    ILogger<DatabaseInitializer> logger,
    IStoreStartLock? startLock = null) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("Store: {Store}", store.Description);
        await using var turn = startLock is null ? null : await startLock.AcquireAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        bool created;
        if (db.Database.IsSqlite())
        {
            // on a context of its own, without the app's write gate: the migrator opens transactions
            // the gate would queue behind its own; nothing else writes while the app starts
            await using var migrating = new SimulatorDbContext(new DbContextOptionsBuilder<SimulatorDbContext>()
                .UseSqlite(db.Database.GetConnectionString()).Options);
            created = await MigrateAsync(migrating, cancellationToken);
            // after the migrations: a store refused by them is left exactly as it was
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        else
        {
            // a server (PostgreSQL): the migrations of its provider's own assembly
            var history = db.GetService<IHistoryRepository>();
            created = !await history.ExistsAsync(cancellationToken) || (await history.GetAppliedMigrationsAsync(cancellationToken)).Count == 0;
            if (created)
            {
                // the history table first: EF's migrator would otherwise query it before creating it, and log that as a failure
                await db.Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript(), cancellationToken);
            }
            await db.Database.MigrateAsync(cancellationToken);
        }
        if (!created && await LatestRecordedAsync(db, cancellationToken) is { } latest && latest > clock.GetUtcNow())
        {
            clock.AdvanceTo(latest);
            logger.LogInformation("Simulated time resumes at {Now}, the latest moment the store recorded", latest);
        }
        await AccountSeeder.SeedAsync(db, options.Value, clock.GetUtcNow(), cancellationToken);
        logger.LogInformation("Store {Provider} ready ({State})", options.Value.Storage.Provider, created ? "created and seeded" : "existing");
    }

    /// <summary>
    /// Brings a SQLite store to the current schema with the EF Core migrations (in
    /// <c>Persistence/Migrations</c>); returns whether the store was new. A store written by the
    /// released version before migrations existed (commit bbe9232: tables, no
    /// <c>__EFMigrationsHistory</c>) has exactly the schema of the first migration: it is recorded
    /// as at that migration, and the later ones upgrade it in place, keeping its data.
    /// </summary>
    private async Task<bool> MigrateAsync(SimulatorDbContext db, CancellationToken cancellationToken)
    {
        var hasTables = await TableExistsAsync(db, "Accounts", cancellationToken);
        var hasHistory = await TableExistsAsync(db, "__EFMigrationsHistory", cancellationToken);
        if (hasTables && !hasHistory)
        {
            var released = db.Database.GetMigrations().First();
            if (await DifferenceFromAsync(db, released, cancellationToken) is { Count: > 0 } difference)
            {
                throw new InvalidOperationException(
                    $"The store {db.Database.GetDbConnection().DataSource} has no migration history and is not in the released schema " +
                    $"(it differs in {string.Join(", ", difference.Take(6))}{(difference.Count > 6 ? ", ..." : "")}): a development build wrote it, " +
                    "and it cannot be upgraded in place. Nothing in it was changed. Move the file aside (or delete it) and start again: a new store is created.");
            }
            var history = db.GetService<IHistoryRepository>();
            await db.Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript(), cancellationToken);
            await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(released, ProductInfo.GetVersion())), cancellationToken);
            logger.LogInformation("Store written before migrations: recorded as at {Migration}, upgrading in place", released);
        }
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0)
        {
            return !hasTables; // no migration, so no migration lock: a kill now cannot leave one behind
        }
        // EF's SQLite migration lock is a row, not a connection's lock: a process killed while holding
        // it leaves it behind, and every later start would wait for it forever. One process uses this
        // file, and it is only starting: a lock found now is stale.
        if (await TableExistsAsync(db, "__EFMigrationsLock", cancellationToken))
        {
            await db.Database.ExecuteSqlRawAsync("""DELETE FROM "__EFMigrationsLock";""", cancellationToken);
        }
        await db.Database.MigrateAsync(cancellationToken);
        if (hasTables)
        {
            logger.LogInformation("Store upgraded: {Migrations}", string.Join(", ", pending));
        }
        return !hasTables;
    }

    /// <summary>
    /// The columns by which the store differs from the schema <paramref name="migration"/> makes
    /// (<c>+Table.Column</c> only in the store, <c>-Table.Column</c> missing from it), read by
    /// applying the migrations up to it to an empty database in memory.
    /// </summary>
    private static async Task<List<string>> DifferenceFromAsync(SimulatorDbContext db, string migration, CancellationToken cancellationToken)
    {
        await using var empty = new SqliteConnection("Data Source=:memory:");
        await empty.OpenAsync(cancellationToken);
        await using (var expected = new SimulatorDbContext(new DbContextOptionsBuilder<SimulatorDbContext>().UseSqlite(empty).Options))
        {
            await expected.GetService<IMigrator>().MigrateAsync(migration, cancellationToken);
        }
        var want = await ColumnsAsync(empty, cancellationToken);
        var have = await ColumnsAsync(db.Database.GetDbConnection(), cancellationToken);
        return [.. have.Except(want).Select(c => "+" + c), .. want.Except(have).Select(c => "-" + c)];
    }

    private static async Task<HashSet<string>> ColumnsAsync(System.Data.Common.DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT m.name || '.' || p.name FROM sqlite_master m, pragma_table_info(m.name) p
            WHERE m.type = 'table' AND m.name NOT LIKE '\_\_EF%' ESCAPE '\' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
            """;
        var columns = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            columns.Add(reader.GetString(0));
        }
        return columns;
    }

    private static async Task<bool> TableExistsAsync(SimulatorDbContext db, string table, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
        var name = command.CreateParameter();
        name.ParameterName = "$name";
        name.Value = table;
        command.Parameters.Add(name);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0;
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
