using System.Diagnostics;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Cli;

/// <summary>Runs the built command line (<c>src/Simulator.Cli/bin/&lt;configuration&gt;/&lt;framework&gt;/Simulator.Cli.dll</c>) as a real process.</summary>
internal static class InsimProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>Runs insim; <paramref name="answerWithin"/> widens <c>answers_quickly</c> for a test that is not about speed.</summary>
    public static async Task<Result> RunAsync(string[] arguments, TimeSpan? answerWithin = null)
    {
        var info = new ProcessStartInfo(DotnetHost.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (answerWithin is { } within)
        {
            info.Environment["Simulator__ReceiverCheck__AnswerWithin"] = within.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        }
        info.ArgumentList.Add(Dll());
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
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

    private static string Dll()
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent!.Name;
        for (var dir = framework; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Simulator.slnx")))
            {
                var dll = Path.Combine(dir.FullName, "src", "Simulator.Cli", "bin", configuration, framework.Name, "Simulator.Cli.dll");
                return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the command line first: {dll} is missing.", dll);
            }
        }
        throw new InvalidOperationException($"No Simulator.slnx above {AppContext.BaseDirectory}.");
    }
}
