using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace Simulator.Core.Persistence;

/// <summary>
/// Sets up each SQLite connection the app opens for many concurrent writers in one process:
/// <list type="bullet">
/// <item>a busy timeout, so SQLite itself waits (in steps of a few milliseconds) for a write lock held by
/// another connection; without it SQLite answers "busy" at once and Microsoft.Data.Sqlite retries
/// after sleeping 150 ms on a pool thread, which under load starves the thread pool;</item>
/// <item><c>synchronous=NORMAL</c>: in WAL mode a commit then no longer waits for an fsync (the
/// database stays consistent; a power cut may lose the last commits, a crash of the app does not);
/// <c>OFF</c> for the throwaway store.</item>
/// </list>
/// </summary>
internal sealed class SqliteConnectionSetup(TimeSpan busyTimeout, bool throwaway) : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle })
        {
            return;
        }
        raw.sqlite3_busy_timeout(handle, (int)busyTimeout.TotalMilliseconds);
        // a throwaway store outlives nothing, so nothing is worth an fsync
        raw.sqlite3_exec(handle, throwaway ? "PRAGMA synchronous=OFF;" : "PRAGMA synchronous=NORMAL;");
    }
}
