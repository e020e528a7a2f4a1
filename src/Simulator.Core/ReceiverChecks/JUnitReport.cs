using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Simulator.Core.Payloads;

namespace Simulator.Core.ReceiverChecks;

/// <summary>
/// A check as JUnit XML, the format CI servers read: one <c>testsuite</c>, one <c>testcase</c> per case,
/// a <c>failure</c> element (why it matters, what to change) in each failed one, the requests in <c>system-out</c>.
/// </summary>
public static class JUnitReport
{
    public const string ContentType = "application/xml";

    public static string Write(ReceiverCheckReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var seconds = report.FinishedAt is { } finished ? (finished - report.StartedAt).TotalSeconds : 0;
        var suite = new XElement("testsuite",
            new XAttribute("name", "receiver-check"),
            new XAttribute("tests", report.Cases.Count),
            new XAttribute("failures", report.FailedCount),
            new XAttribute("errors", 0),
            new XAttribute("skipped", report.Cases.Count(c => c.Status is CheckCaseStatus.Pending or CheckCaseStatus.Running)),
            new XAttribute("time", Seconds(seconds)),
            new XAttribute("timestamp", WebhookPayload.FormatTimestamp(report.StartedAt)),
            new XElement("properties",
                new XElement("property", new XAttribute("name", "url"), new XAttribute("value", report.Url)),
                new XElement("property", new XAttribute("name", "check_id"), new XAttribute("value", report.Id))),
            report.Cases.Select(Case));
        var document = new XDocument(new XDeclaration("1.0", "utf-8", null), suite);
        var builder = new StringBuilder();
        using (var writer = XmlWriter.Create(builder, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) }))
        {
            document.Save(writer);
        }
        return builder.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }

    private static XElement Case(CheckCaseReport check)
    {
        var element = new XElement("testcase",
            new XAttribute("classname", "receiver_check"),
            new XAttribute("name", check.Name),
            new XAttribute("time", Seconds(check.Attempts.Sum(a => a.DurationMs) / 1000.0)));
        if (check.Failed)
        {
            element.Add(new XElement("failure",
                new XAttribute("message", check.Detail),
                new XAttribute("type", check.Name),
                $"""
                {check.Detail}

                Why it matters: {check.WhyItMatters}
                The Instinctive Notes documentation: "{check.Reference}"
                What to change: {check.WhatToChange}
                """));
        }
        else if (check.Status is CheckCaseStatus.Pending or CheckCaseStatus.Running)
        {
            element.Add(new XElement("skipped", new XAttribute("message", "not finished")));
        }
        if (check.Attempts.Count > 0)
        {
            element.Add(new XElement("system-out", string.Join('\n', check.Attempts.Select(a =>
                $"{a.Sent}: {a.Outcome}{(a.Answer.Length > 0 ? $"; answer: {a.Answer}" : "")}"))));
        }
        return element;
    }

    private static string Seconds(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
