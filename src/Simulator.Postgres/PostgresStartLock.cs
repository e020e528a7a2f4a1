using Npgsql;
using Simulator.Core.Persistence;

namespace Simulator.Postgres;

/// <summary>
/// A session-level advisory lock on a connection of its own, held while one starting instance
/// migrates and seeds the store: instances that start together take turns, and a process killed
/// while holding it lets go with its connection.
/// </summary>
internal sealed class PostgresStartLock(NpgsqlDataSource store) : IStoreStartLock
{
    /// <summary>The lock's key: "insim" in ASCII, any number no other tool on the database uses.</summary>
    private const long Key = 0x696E73696D;

    public async Task<IAsyncDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        var connection = await store.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", Key);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new Held(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private sealed class Held(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
                command.Parameters.AddWithValue("key", Key);
                await command.ExecuteNonQueryAsync();
            }
            finally
            {
                await connection.DisposeAsync(); // closing the session lets go of the lock in any case
            }
        }
    }
}
