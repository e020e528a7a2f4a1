using Microsoft.Data.Sqlite;

namespace Simulator.Core.Persistence;

/// <summary>
/// Where the store lives. Every store is SQLite, so every store is transactional: <c>Sqlite</c> is a
/// file that survives restarts (by default in the user's local application data, named in the first
/// log line); <c>InMemory</c> is a throwaway database in a file of its own on a RAM disk
/// (<c>/dev/shm</c> where there is one, else the temporary folder), deleted when the app stops:
/// nothing survives a restart, yet a refused save leaves nothing behind, as in the file.
/// </summary>
public sealed class StoreLocation : IDisposable
{
    private const string ThrowawayPrefix = "insim-throwaway-";

    public StoreLocation(StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        Provider = storage.Provider;
        if (storage.Provider == StorageProvider.InMemory)
        {
            var folder = ThrowawayFolder();
            SweepLeftovers(folder);
            FilePath = Path.Combine(folder, $"{ThrowawayPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}.db");
        }
        else if (storage.Provider == StorageProvider.Postgres)
        {
            // a server's database, shared by every instance that names it: no file here (src/Simulator.Postgres)
            FilePath = string.Empty;
            _server = ServerName(storage.ConnectionString);
        }
        else
        {
            FilePath = Path.GetFullPath(string.IsNullOrWhiteSpace(storage.SqlitePath) ? DefaultSqlitePath : storage.SqlitePath);
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        }
    }

    /// <summary>The SQLite file of <c>Storage:Provider=Sqlite</c> when <c>Storage:SqlitePath</c> is not set.</summary>
    public static string DefaultSqlitePath { get; } = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create) is { Length: > 0 } data ? data : Path.GetTempPath(),
        "insim", "simulator.db");

    private readonly string? _server;

    public StorageProvider Provider { get; }

    /// <summary>The database file.</summary>
    public string FilePath { get; }

    /// <summary>Whether the store is deleted when the app stops.</summary>
    public bool IsThrowaway => Provider == StorageProvider.InMemory;

    public string ConnectionString => new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = true }.ToString();

    /// <summary>How the first log line names the store.</summary>
    public string Description => Provider switch
    {
        StorageProvider.InMemory => $"throwaway SQLite database {FilePath} (deleted when the simulator stops; Storage:Provider=Sqlite keeps data across restarts)",
        StorageProvider.Postgres => $"PostgreSQL {_server} (shared by every instance that names it)",
        _ => $"SQLite file {FilePath} (kept across restarts)",
    };

    // where a connection string points, without its password
    private static string ServerName(string connectionString)
    {
        var builder = new System.Data.Common.DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = connectionString;
        }
        catch (ArgumentException)
        {
            return "(connection string not readable)";
        }
        string Part(string key, string fallback) => builder.TryGetValue(key, out var value) && value?.ToString() is { Length: > 0 } text ? text : fallback;
        return $"database {Part("Database", "?")} on {Part("Host", "localhost")}:{Part("Port", "5432")}";
    }

    public void Dispose()
    {
        if (IsThrowaway)
        {
            SqliteConnection.ClearAllPools();
            Delete(FilePath);
        }
    }

    private static string ThrowawayFolder()
    {
        try
        {
            var shm = new DriveInfo("/dev/shm");
            if (Directory.Exists("/dev/shm") && shm.AvailableFreeSpace > 512L * 1024 * 1024)
            {
                return "/dev/shm";
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // no RAM disk here
        }
        return Path.GetTempPath();
    }

    // throwaway stores of processes that were killed (a graceful stop deletes its own)
    private static void SweepLeftovers(string folder)
    {
        try
        {
            foreach (var file in Directory.EnumerateFiles(folder, ThrowawayPrefix + "*.db"))
            {
                var name = Path.GetFileNameWithoutExtension(file)[ThrowawayPrefix.Length..];
                if (int.TryParse(name.Split('-')[0], out var pid) && !IsRunning(pid))
                {
                    Delete(file);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // best effort: a leftover only takes room
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static void Delete(string file)
    {
        foreach (var path in new[] { file, file + "-wal", file + "-shm", file + "-journal" })
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // still open elsewhere: the next start's sweep removes it
            }
        }
    }
}
