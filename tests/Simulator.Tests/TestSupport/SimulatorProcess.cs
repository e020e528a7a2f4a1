using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Simulator.Core.Seeding;

namespace Simulator.Tests.TestSupport;

/// <summary>
/// The published simulator run as a child process (<c>dotnet Simulator.Web.dll</c>) with fixed
/// settings (the same SQLite file every time), started, SIGKILLed and started again by crash
/// tests. Each start listens on a fresh free port of 127.0.0.1; the output of every start is
/// appended to one log file.
/// </summary>
public sealed class SimulatorProcess(PublishedSimulator published, IReadOnlyDictionary<string, string> environment, string logPath) : IAsyncDisposable
{
    /// <summary>A guard against a hang while starting or exiting, not a timing check.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The crash test starts the app 21 times, one start after the other: the longest chain of the test run.
    /// The other tests run beside it and keep both cores busy; on two cores each start then took three times
    /// as long (3 s alone, 9 s beside them). The app runs under <c>nice -n -10</c>, ahead of the test host
    /// (relative to it, so a run under nice keeps the order): it starts about as fast as alone, and the rest
    /// of the run takes the CPU it leaves. Without root, nice says it cannot and runs the app at the normal priority.
    /// </summary>
    private const string Nice = "/usr/bin/nice";

    private static readonly bool FirstInLine = OperatingSystem.IsLinux() && File.Exists(Nice);

    private readonly Lock _logGate = new();
    private StreamWriter? _log;
    private Process? _process;
    private HttpClient? _api;

    public string LogPath => logPath;

    /// <summary>An Owner API client of the running process.</summary>
    public HttpClient Api => _api ?? throw new InvalidOperationException("The simulator is not running.");

    public int ProcessId => _process?.Id ?? 0;

    /// <summary>Real time from starting the process to the first 200 from <c>/healthz</c>.</summary>
    public TimeSpan StartedIn { get; private set; }

    /// <summary>Starts the app and waits until <c>GET /healthz</c> answers 200.</summary>
    public async Task StartAsync()
    {
        if (_process is not null)
        {
            throw new InvalidOperationException($"The simulator (pid {_process.Id}) is running already.");
        }
        var baseAddress = new Uri($"http://127.0.0.1:{LoopbackPorts.Unused()}");
        var info = new ProcessStartInfo(FirstInLine ? Nice : DotnetHost.Path)
        {
            // the content root (appsettings.json, wwwroot) is the publish folder, as in the container
            WorkingDirectory = published.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (FirstInLine)
        {
            foreach (var argument in new[] { "-n", "-10", DotnetHost.Path })
            {
                info.ArgumentList.Add(argument);
            }
        }
        info.ArgumentList.Add(published.EntryAssembly);
        info.ArgumentList.Add("--contentRoot");
        info.ArgumentList.Add(published.Directory);
        // nothing of the test run's own settings leaks into the app
        foreach (var inherited in info.Environment.Keys.Where(k => k.StartsWith("Simulator__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(inherited);
        }
        info.Environment["ASPNETCORE_URLS"] = baseAddress.ToString().TrimEnd('/');
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        _log ??= new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Log(e.Data);
        process.ErrorDataReceived += (_, e) => Log(e.Data);
        Log($"===== test harness: starting {published.EntryAssembly} on {baseAddress} =====");
        var starting = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitUntilHealthyAsync(process, baseAddress);
        StartedIn = starting.Elapsed;
        Log($"===== test harness: pid {process.Id} healthy after {StartedIn.TotalMilliseconds:0} ms =====");
        _api = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(120) };
        _api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AccountSeeder.OwnerToken);
    }

    /// <summary>SIGKILL (on Linux) to the app and anything it started; returns once it has exited.</summary>
    public async Task KillAsync()
    {
        _api?.Dispose();
        _api = null;
        if (_process is not { } process)
        {
            return;
        }
        _process = null;
        try
        {
            Log($"===== test harness: SIGKILL to pid {process.Id} =====");
            process.Kill(entireProcessTree: true);
            using var limit = new CancellationTokenSource(Limit);
            // also waits until the redirected output has been read to its end
            await process.WaitForExitAsync(limit.Token);
        }
        finally
        {
            process.Dispose();
        }
    }

    /// <summary>The last <paramref name="lines"/> lines of the log.</summary>
    public string LogTail(int lines = 60)
    {
        if (!File.Exists(logPath))
        {
            return "(no log)";
        }
        using var stream = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return string.Join('\n', reader.ReadToEnd().Split('\n').TakeLast(lines));
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        lock (_logGate)
        {
            _log?.Dispose();
            _log = null;
        }
    }

    private void Log(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_logGate)
        {
            _log?.WriteLine(line);
        }
    }

    private async Task WaitUntilHealthyAsync(Process process, Uri baseAddress)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < Limit)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"The simulator (pid {process.Id}) exited with code {process.ExitCode} before /healthz answered 200. Last lines of {logPath}:{Environment.NewLine}{LogTail()}");
            }
            try
            {
                using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // listening, not answering yet
            }
            await Task.Delay(50);
        }
        throw new TimeoutException(
            $"The simulator (pid {process.Id}) did not answer 200 on {baseAddress}healthz within {Limit.TotalSeconds} s. Last lines of {logPath}:{Environment.NewLine}{LogTail()}");
    }
}
