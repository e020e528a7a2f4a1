using System.Text;
using Simulator.Core.ReceiverChecks;

namespace Simulator.Cli;

/// <summary>
/// A check as a readable table for a terminal or a CI log, then the advice for each failed case. What the
/// receiver answered is shown through <see cref="TerminalText"/>: its control characters cannot reach the terminal.
/// </summary>
public static class CheckTable
{
    private const int DetailWidth = 90;

    public static string Write(ReceiverCheckReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        var nameWidth = Math.Max("CASE".Length, report.Cases.Max(c => c.Name.Length));
        text.AppendLine();
        text.AppendLine($"Receiver check {report.Id} of {TerminalText.Clean(report.Url)}");
        text.AppendLine();
        text.AppendLine($"{"CASE".PadRight(nameWidth)}  RESULT  DETAIL");
        text.AppendLine($"{new string('-', nameWidth)}  ------  {new string('-', DetailWidth)}");
        foreach (var check in report.Cases)
        {
            var result = check.Status.ToString().ToLowerInvariant();
            text.AppendLine($"{check.Name.PadRight(nameWidth)}  {result,-6}  {Shorten(check.Detail)}");
        }
        text.AppendLine();
        var passed = report.Cases.Count(c => c.Status == CheckCaseStatus.Passed);
        text.AppendLine($"{report.Cases.Count} cases: {passed} passed, {report.FailedCount} failed. The check {report.Status.ToString().ToLowerInvariant()}.");
        foreach (var failed in report.Cases.Where(c => c.Failed))
        {
            text.AppendLine();
            text.AppendLine($"{failed.Name} failed");
            text.AppendLine($"  What happened:  {TerminalText.Clean(failed.Detail)}");
            text.AppendLine($"  Why it matters: {failed.WhyItMatters}");
            text.AppendLine($"  The Instinctive Notes documentation: \"{failed.Reference}\"");
            text.AppendLine($"  What to change: {failed.WhatToChange}");
        }
        return text.ToString();
    }

    private static string Shorten(string detail)
    {
        var clean = TerminalText.Clean(detail);
        return clean.Length <= DetailWidth ? clean : clean[..(DetailWidth - 1)] + "…";
    }
}
