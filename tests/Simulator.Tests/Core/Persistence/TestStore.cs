using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Simulator.Core;
using Simulator.Core.Persistence;

namespace Simulator.Tests.Core.Persistence;

/// <summary>A fresh store of either provider, configured as the simulator configures it; SQLite lives in a temp file.</summary>
internal sealed class TestStore : IDisposable
{
    private readonly DbContextOptions<SimulatorDbContext> _options;
    private readonly string? _path;

    private TestStore(DbContextOptions<SimulatorDbContext> options, string? path)
    {
        _options = options;
        _path = path;
    }

    public static async Task<TestStore> CreateAsync(StorageProvider provider)
    {
        var builder = new DbContextOptionsBuilder<SimulatorDbContext>();
        string? path = null;
        if (provider == StorageProvider.Sqlite)
        {
            path = Path.Combine(Path.GetTempPath(), $"simulator-coretests-{Guid.NewGuid():N}.db");
            builder.UseSqlite($"Data Source={path};Pooling=True");
        }
        else
        {
            builder.UseInMemoryDatabase(Guid.NewGuid().ToString("N"), new InMemoryDatabaseRoot())
                .ConfigureWarnings(w => w.Ignore(InMemoryEventId.TransactionIgnoredWarning));
        }
        var store = new TestStore(builder.Options, path);
        await using var db = store.NewContext();
        await db.Database.EnsureCreatedAsync();
        return store;
    }

    public SimulatorDbContext NewContext() => new(_options);

    public void Dispose()
    {
        if (_path is null)
        {
            return;
        }
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
