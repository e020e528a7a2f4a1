using Microsoft.Data.Sqlite;

namespace Simulator.Core.Persistence;

/// <summary>
/// The store behind <c>Storage:Provider = InMemory</c>: a SQLite database in a temporary file that
/// is new at every start and deleted at stop, so nothing survives a restart. (EF Core's own
/// in-memory provider copies a whole table under one global lock for every query: each attempt
/// then costs more the more deliveries the simulator has made, and a load test grinds to a halt.)
/// </summary>
public sealed class ThrowawayDatabase : IDisposable
{
    public ThrowawayDatabase()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"simulator-{Environment.ProcessId}-{Guid.NewGuid():N}.db");
        ConnectionString = $"Data Source={Path};Pooling=True";
    }

    public string Path { get; }

    public string ConnectionString { get; }

    public void Dispose()
    {
        using (var connection = new SqliteConnection(ConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }
        foreach (var file in new[] { Path, Path + "-wal", Path + "-shm" })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // a temporary file: the OS cleans up what could not be deleted now
            }
        }
    }
}
