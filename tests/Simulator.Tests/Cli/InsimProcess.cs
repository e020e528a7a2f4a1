using System.Diagnostics;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Cli;

/// <summary>
/// Runs insim as a real process: the built tool's entry assembly
/// (<c>src/Simulator.Web/bin/&lt;configuration&gt;/&lt;framework&gt;/Simulator.Web.dll</c>, what the package's <c>insim</c> runs).
/// </summary>
internal static class InsimProcess
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public string All => Output + Error;
    }

    /// <summary>Runs insim; <paramref name="answerWithin"/> widens <c>answers_quickly</c> for a test that is not about speed.</summary>
    public static async Task<Result> RunAsync(string[] arguments, TimeSpan? answerWithin = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = StartInfo(arguments, environment);
        if (answerWithin is { } within)
        {
            info.Environment["Simulator__ReceiverCheck__AnswerWithin"] = within.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return new Result(process.ExitCode, await output, await error);
    }

    public static Task<Result> RunAsync(params string[] arguments) => RunAsync(arguments, null);

    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(DotnetHost.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(EntryAssembly());
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        return info;
    }

    /// <summary>Whether any text holds a stack trace's frame line.</summary>
    public static bool HasStackTrace(string text) =>
        text.Split('\n').Any(line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal) && line.Contains('(', StringComparison.Ordinal))
        || text.Contains("Unhandled exception", StringComparison.OrdinalIgnoreCase);

    private static string EntryAssembly()
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent!.Name;
        for (var dir = framework; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Simulator.slnx")))
            {
                var dll = Path.Combine(dir.FullName, "src", "Simulator.Web", "bin", configuration, framework.Name, "Simulator.Web.dll");
                return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the web project first: {dll} is missing.", dll);
            }
        }
        throw new InvalidOperationException($"No Simulator.slnx above {AppContext.BaseDirectory}.");
    }
}
