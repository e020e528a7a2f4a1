using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Simulator.Core;
using Simulator.Core.Domain;
using Simulator.Core.ReceiverChecks;

namespace Simulator.Cli;

/// <summary>
/// <c>insim check &lt;url&gt; [--junit FILE] [--json FILE]</c>: the receiver check in this process, without a web
/// server: a table on stdout; exit 0 when every case passed, 1 when one failed, 2 on bad usage or when the check could not run.
/// </summary>
public static class InsimCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var url = new Argument<string>("url") { Description = "The receiver's URL, e.g. http://localhost:3000/webhooks" };
        var junit = new Option<FileInfo?>("--junit") { Description = "Also write the report as JUnit XML to this file" };
        var json = new Option<FileInfo?>("--json") { Description = "Also write the report as JSON to this file" };
        var check = new Command("check", "Check a webhook receiver: the same events the simulator's receiver check sends, judged case by case")
        {
            url,
            junit,
            json,
        };
        check.SetAction((result, cancellationToken) =>
            CheckAsync(result.GetValue(url)!, result.GetValue(junit), result.GetValue(json), output, error, cancellationToken));
        var root = new RootCommand("insim: the Instinctive Notes webhook simulator on the command line") { check };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
            {
                await error.WriteLineAsync(problem.Message);
            }
            await error.WriteLineAsync("Usage: insim check <url> [--junit FILE] [--json FILE]   (insim --help for more)");
            return ExitCodes.BadUsage;
        }
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }

    private static async Task<int> CheckAsync(string url, FileInfo? junit, FileInfo? json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            ReceiverCheckRunner.ThrowIfBadUrl(url);
        }
        catch (DomainValidationException invalid)
        {
            await error.WriteLineAsync(string.Join(Environment.NewLine, invalid.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
            return ExitCodes.BadUsage;
        }
        await using var services = new ServiceCollection()
            .AddSimulatorCore(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?>
                {
                    // timestamps in real time: there is no simulation to speed up here
                    [$"{SimulatorOptions.SectionName}:Clock:Speed"] = "1",
                })
                .AddEnvironmentVariables()
                .Build())
            .BuildServiceProvider();
        var runner = services.GetRequiredService<ReceiverCheckRunner>();
        await output.WriteLineAsync($"Checking {url.Trim()} ...");
        var judged = new HashSet<string>();
        var report = await runner.RunAsync(url, step => PrintJudged(step, judged, output), cancellationToken);
        if (report.Error is not null)
        {
            await error.WriteLineAsync($"The check could not run: {report.Error}");
        }
        await output.WriteAsync(CheckTable.Write(report));
        if (junit is not null)
        {
            await WriteFileAsync(junit, JUnitReport.Write(report), cancellationToken);
            await output.WriteLineAsync($"JUnit XML: {junit.FullName}");
        }
        if (json is not null)
        {
            await WriteFileAsync(json, JsonReport.Write(report), cancellationToken);
            await output.WriteLineAsync($"JSON: {json.FullName}");
        }
        if (report.Error is not null)
        {
            return ExitCodes.CouldNotRun;
        }
        return report.Status == ReceiverCheckStatus.Passed ? ExitCodes.Passed : ExitCodes.CaseFailed;
    }

    /// <summary>Progress for a CI log: one line per case as soon as it is judged.</summary>
    private static void PrintJudged(ReceiverCheckReport step, HashSet<string> judged, TextWriter output)
    {
        foreach (var done in step.Cases.Where(c => c.Status is CheckCaseStatus.Passed or CheckCaseStatus.Failed && judged.Add(c.Name)))
        {
            output.WriteLine($"  {(done.Failed ? "FAIL" : "ok  ")} {done.Name}");
        }
    }

    private static async Task WriteFileAsync(FileInfo file, string text, CancellationToken cancellationToken)
    {
        file.Directory?.Create();
        await File.WriteAllTextAsync(file.FullName, text, cancellationToken);
    }
}
