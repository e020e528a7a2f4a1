using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Simulator.Tests.TestSupport;

/// <summary>
/// A real PostgreSQL server the test run starts itself, once, for every test class that needs one:
/// <c>initdb</c> into a temporary folder and <c>pg_ctl start</c> on a free port of 127.0.0.1 (as the
/// <c>postgres</c> user when the tests run as root, which PostgreSQL refuses), stopped when the test
/// process exits. Each test class takes a database of its own (<see cref="CreateDatabaseAsync"/>).
/// The binaries come from <c>/usr/lib/postgresql/&lt;version&gt;/bin</c> (Debian's <c>postgresql</c>
/// package; <c>.ci/run</c> installs it when it is missing).
/// </summary>
public static class PostgresServer
{
    private static readonly SemaphoreSlim Starting = new(1, 1);
    private static Started? _started;

    /// <summary>The server's connection string for <paramref name="database"/>, after creating that database (empty).</summary>
    public static async Task<string> CreateDatabaseAsync(string database)
    {
        var server = await StartAsync();
        await using var connection = new NpgsqlConnection(server.ConnectionString("postgres"));
        await connection.OpenAsync();
        await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection))
        {
            await drop.ExecuteNonQueryAsync();
        }
        await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection))
        {
            await create.ExecuteNonQueryAsync();
        }
        return server.ConnectionString(database);
    }

    private static async Task<Started> StartAsync()
    {
        await Starting.WaitAsync();
        try
        {
            return _started ??= await StartServerAsync();
        }
        finally
        {
            Starting.Release();
        }
    }

    private static async Task<Started> StartServerAsync()
    {
        var bin = Binaries();
        var folder = Directory.CreateTempSubdirectory("simulator-postgres-").FullName;
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await RunAsync("chown", ["postgres:postgres", folder], asPostgres: false);
        }
        var data = Path.Combine(folder, "data");
        var port = LoopbackPorts.Unused();
        await RunAsync(Path.Combine(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"], asRoot);
        string[] settings = ["-p", port.ToString(CultureInfo.InvariantCulture), "-k", folder, "-c", "listen_addresses=127.0.0.1",
            "-c", "max_connections=400", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"];
        await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-l", Path.Combine(folder, "server.log"), "-w", "-o", string.Join(' ', settings), "start"], asRoot);
        var started = new Started(port);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            // immediate: the databases are throwaway; the folder goes with them
            RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "stop"], asRoot).GetAwaiter().GetResult();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // a leftover temporary folder is harmless
            }
        };
        return started;
    }

    /// <summary>The newest PostgreSQL installed the Debian way.</summary>
    private static string Binaries()
    {
        var versions = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Where(d => File.Exists(Path.Combine(d, "bin", "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).ToList()
            : [];
        return versions.Count > 0
            ? Path.Combine(versions[0], "bin")
            : throw new InvalidOperationException("No PostgreSQL server here (no /usr/lib/postgresql/<version>/bin/initdb): install it with `apt-get install -y postgresql` (.ci/run does).");
    }

    private static async Task RunAsync(string file, string[] arguments, bool asPostgres)
    {
        var info = asPostgres ? new ProcessStartInfo("runuser") : new ProcessStartInfo(file);
        if (asPostgres)
        {
            foreach (var part in new[] { "-u", "postgres", "--", file })
            {
                info.ArgumentList.Add(part);
            }
        }
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        info.WorkingDirectory = Path.GetTempPath();
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}");
        }
    }

    private sealed record Started(int Port)
    {
        public string ConnectionString(string database) =>
            $"Host=127.0.0.1;Port={Port};Database={database};Username=postgres;Maximum Pool Size=60";
    }
}
