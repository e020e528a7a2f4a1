using System.Globalization;
using Microsoft.Extensions.Options;
using Simulator.Core;
using Simulator.Core.Dispatching;

namespace Simulator.Tests.Web.DemoReceiver;

/// <summary>The README's retry schedule table is <see cref="BackoffSchedule.Preview"/> with the default options.</summary>
public sealed class ReadmeRetryScheduleTests
{
    private const string Start = "<!-- retry-schedule:start -->";
    private const string End = "<!-- retry-schedule:end -->";

    [Fact]
    public void The_readme_shows_the_default_retry_schedule()
    {
        var schedule = new BackoffSchedule(Options.Create(new SimulatorOptions()));
        var expected = new List<string>
        {
            "| attempt | wait before it | after the first attempt |",
            "|---:|---:|---:|",
        };
        expected.AddRange(schedule.Preview().Select(row => string.Create(
            CultureInfo.InvariantCulture,
            $"| {row.Attempt} | {(row.Attempt == 1 ? "—" : Human(row.Wait))} | {(row.Attempt == 1 ? "0 s" : Human(row.At))} |")));

        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var from = readme.IndexOf(Start, StringComparison.Ordinal);
        var to = readme.IndexOf(End, StringComparison.Ordinal);
        Assert.True(from >= 0 && to > from, $"README.md has no {Start} … {End} block");
        var table = readme[(from + Start.Length)..to]
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToList();

        Assert.Equal(expected, table);
    }

    internal static string Human(TimeSpan value)
    {
        var parts = new List<string>();
        if (value.TotalHours >= 1)
        {
            parts.Add($"{(int)value.TotalHours} h");
        }
        if (value.Minutes > 0)
        {
            parts.Add($"{value.Minutes} min");
        }
        if (value.Seconds > 0 || parts.Count == 0)
        {
            parts.Add($"{value.Seconds} s");
        }
        return string.Join(' ', parts);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Simulator.slnx")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("Simulator.slnx not found above " + AppContext.BaseDirectory);
    }
}
