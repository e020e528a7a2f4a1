using System.Diagnostics;
using System.Text;

namespace Simulator.Tests.TestSupport;

/// <summary>
/// A runnable copy of the web app (<c>dotnet publish</c> output in a temporary folder), for tests that run
/// the simulator as a real process (and kill it). Published once per test run, however many test classes
/// take it as a fixture, and removed when the run ends.
/// </summary>
public sealed class PublishedSimulator : IAsyncLifetime
{
    private static readonly TimeSpan PublishLimit = TimeSpan.FromMinutes(5);

    private static readonly Lazy<Task<Publication>> Once = new(PublishAsync);

    private Publication? _publication;

    public string Directory => Published.Directory;

    /// <summary>The published app's entry assembly: run it with <c>dotnet &lt;this&gt;</c>.</summary>
    public string EntryAssembly => Path.Combine(Directory, "Simulator.Web.dll");

    /// <summary>How the copy was made: the publish command line that worked.</summary>
    public string PublishedWith => Published.PublishedWith;

    private Publication Published => _publication ?? throw new InvalidOperationException("The web app was not published.");

    public async Task InitializeAsync() => _publication = await Once.Value;

    /// <summary>Nothing: the copy serves every test class of the run and goes when the test process exits.</summary>
    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<Publication> PublishAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"simulator-published-{Guid.NewGuid():N}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Delete(directory);
        var entryAssembly = Path.Combine(directory, "Simulator.Web.dll");
        var project = Path.Combine(RepositoryRoot(), "src", "Simulator.Web", "Simulator.Web.csproj");
        string[] publish = ["publish", project, "-c", BuildConfiguration(), "-o", directory, "--nologo", "-nodeReuse:false"];

        // The solution build that built these tests built the web project too: publishing without a
        // build only copies its output (and compresses the static assets). Should that fail (no build
        // output, e.g. the tests were built alone with another configuration), fall back to a normal
        // publish, which builds.
        var (exitCode, log) = await RunAsync([.. publish, "--no-build"]);
        var publishedWith = $"dotnet {string.Join(' ', publish)} --no-build";
        if (exitCode != 0 || !File.Exists(entryAssembly))
        {
            (exitCode, log) = await RunAsync(publish);
            publishedWith = $"dotnet {string.Join(' ', publish)} (after --no-build failed)";
        }
        if (exitCode != 0 || !File.Exists(entryAssembly))
        {
            throw new InvalidOperationException($"Could not publish the web app ({publishedWith}), exit code {exitCode}:{Environment.NewLine}{log}");
        }
        return new Publication(directory, publishedWith);
    }

    private static void Delete(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temporary folder is harmless
        }
    }

    /// <summary>The folder of <c>Simulator.slnx</c>, found by walking up from the test assembly.</summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Simulator.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No Simulator.slnx above {AppContext.BaseDirectory}: cannot find the web project to publish.");
    }

    /// <summary>The configuration the tests were built in, from their path: <c>bin/&lt;configuration&gt;/&lt;framework&gt;/</c>.</summary>
    private static string BuildConfiguration()
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        if (framework.Parent is { Parent.Name: "bin" } configuration)
        {
            return configuration.Name;
        }
        throw new InvalidOperationException($"The tests run from {AppContext.BaseDirectory}, not from bin/<configuration>/<framework>/: cannot tell which configuration to publish.");
    }

    private static async Task<(int ExitCode, string Log)> RunAsync(IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(DotnetHost.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        var log = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = new CancellationTokenSource(PublishLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Append(log, $"(stopped: still running after {PublishLimit.TotalMinutes} minutes)");
            return (-1, Text(log));
        }
        return (process.ExitCode, Text(log));
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (log)
        {
            log.AppendLine(line);
        }
    }

    private static string Text(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }

    private sealed record Publication(string Directory, string PublishedWith);
}
