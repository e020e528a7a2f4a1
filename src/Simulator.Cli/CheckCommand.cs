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
public static class CheckCommand
{
    public const string Name = "check";

    public static readonly string Help = """

        Examples:
          insim check http://localhost:3000/webhooks
          insim check http://localhost:3000/webhooks --junit reports/receiver-check.xml --json reports/receiver-check.json

        Exit codes:
          0  every case passed
          1  a case failed (the table and the advice say which, and what to change)
          2  bad usage (unknown option, missing or bad URL, a report file that cannot be written: refused
             before anything is sent) or the check could not run (the receiver could not be reached: the
             reason, once, on stderr)

        """;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var url = new Argument<string>("url") { Description = "The receiver's URL, e.g. http://localhost:3000/webhooks" };
        var junit = new Option<FileInfo?>("--junit") { Description = "Also write the report as JUnit XML to this file", HelpName = "FILE" };
        var json = new Option<FileInfo?>("--json") { Description = "Also write the report as JSON to this file", HelpName = "FILE" };
        var check = new Command(Name, "Check a webhook receiver: the events the simulator's receiver check sends, judged case by case")
        {
            url,
            junit,
            json,
        };
        check.SetAction((result, cancellationToken) =>
            CheckAsync(result.GetValue(url)!, result.GetValue(junit), result.GetValue(json), output, error, cancellationToken));
        return check;
    }

    private static async Task<int> CheckAsync(string url, FileInfo? junit, FileInfo? json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            ReceiverCheckRunner.ThrowIfBadUrl(url);
        }
        catch (DomainValidationException invalid)
        {
            throw new CommandFailedException(string.Join(Environment.NewLine, invalid.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")), invalid);
        }
        ReportFile.ThrowIfNotWritable(junit, "--junit");
        ReportFile.ThrowIfNotWritable(json, "--json");
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
        await output.WriteLineAsync($"Checking {TerminalText.Clean(url.Trim())} ...");
        var judged = new HashSet<string>();
        var report = await runner.RunAsync(url, step => PrintJudged(step, judged, output), cancellationToken);
        if (report.Error is not null)
        {
            await error.WriteLineAsync($"The check could not run: {TerminalText.Clean(report.Error)}");
        }
        await output.WriteAsync(CheckTable.Write(report));
        return await FinishAsync(report, junit, json, output, cancellationToken);
    }

    /// <summary>The reports asked for, then the exit code the report means.</summary>
    private static async Task<int> FinishAsync(ReceiverCheckReport report, FileInfo? junit, FileInfo? json, TextWriter output, CancellationToken cancellationToken)
    {
        if (junit is not null)
        {
            await ReportFile.WriteAsync(junit, JUnitReport.Write(report), "--junit", cancellationToken);
            await output.WriteLineAsync($"JUnit XML: {junit.FullName}");
        }
        if (json is not null)
        {
            await ReportFile.WriteAsync(json, JsonReport.Write(report), "--json", cancellationToken);
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
}
