using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Simulator.Core.Payloads;

namespace Simulator.Core.ReceiverChecks;

/// <summary>
/// A check as JUnit XML, the format CI servers read: one <c>testsuite</c>, one <c>testcase</c> per case,
/// a <c>failure</c> element (why it matters, what to change) in each failed one, an <c>error</c> in each case the check
/// could not run, the requests in <c>system-out</c>. Times are real time; text XML cannot carry is replaced, and said so.
/// </summary>
public static class JUnitReport
{
    public const string ContentType = "application/xml";

    /// <summary>What the <c>clock</c> property says.</summary>
    public const string ClockNote = "timestamp and time are real time (UTC, this machine's clock); simulated_started_at is the simulator's clock, the one the check's events carry";

    public static string Write(ReceiverCheckReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var properties = new XElement("properties",
            Property("url", report.Url),
            Property("check_id", report.Id),
            Property("clock", ClockNote),
            Property("simulated_started_at", WebhookPayload.FormatTimestamp(report.StartedAt)));
        if (report.Error is not null)
        {
            properties.Add(Property("error", report.Error));
        }
        var suite = new XElement("testsuite",
            new XAttribute("name", "receiver-check"),
            new XAttribute("tests", report.Cases.Count),
            new XAttribute("failures", report.FailedCount),
            new XAttribute("errors", report.Cases.Count(c => c.Status == CheckCaseStatus.NotRun)),
            new XAttribute("skipped", report.Cases.Count(c => c.Status is CheckCaseStatus.Pending or CheckCaseStatus.Running)),
            new XAttribute("time", Seconds((report.DurationMs ?? 0) / 1000.0)),
            new XAttribute("timestamp", WebhookPayload.FormatTimestamp(report.RealStartedAt ?? report.StartedAt)),
            properties,
            report.Cases.Select(c => Case(c, report.Error)));
        var replaced = MakeSafe(suite);
        properties.Add(Property("replaced_characters", replaced.ToString(CultureInfo.InvariantCulture)));

        var document = new XDocument(new XDeclaration("1.0", "utf-8", null), suite);
        var builder = new StringBuilder();
        using (var writer = XmlWriter.Create(builder, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) }))
        {
            document.Save(writer);
        }
        return builder.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }

    private static XElement Case(CheckCaseReport check, string? error)
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
        else if (check.Status == CheckCaseStatus.NotRun)
        {
            // like a test whose setup failed: an error, not a failure of the receiver, and the reason once per case
            element.Add(new XElement("error",
                new XAttribute("message", error is null ? "Not run." : $"Not run: {error}"),
                new XAttribute("type", "could_not_run")));
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

    /// <summary>Replaces what XML cannot carry in every attribute and text of the suite; each test case that had some says so in its output.</summary>
    private static int MakeSafe(XElement suite)
    {
        var total = MakeSafe(suite.Attributes().Concat(suite.Elements().Where(e => e.Name != "testcase").DescendantsAndSelf().Attributes()), []);
        foreach (var testcase in suite.Elements("testcase"))
        {
            var replaced = MakeSafe(testcase.DescendantsAndSelf().Attributes(), testcase.DescendantNodes().OfType<XText>());
            if (replaced > 0)
            {
                var output = testcase.Element("system-out") ?? new XElement("system-out");
                if (output.Parent is null)
                {
                    testcase.Add(output);
                }
                output.Add($"\n(The simulator replaced {replaced} character{(replaced == 1 ? "" : "s")} that XML cannot carry: control characters by their pictures, such as ␛ for ESC and ␀ for NUL, half a surrogate pair by �. The JSON report has the exact text.)");
            }
            total += replaced;
        }
        return total;
    }

    private static int MakeSafe(IEnumerable<XAttribute> attributes, IEnumerable<XText> texts)
    {
        var replaced = 0;
        foreach (var attribute in attributes.ToList())
        {
            attribute.Value = XmlText.Safe(attribute.Value, ref replaced);
        }
        foreach (var text in texts.ToList())
        {
            text.Value = XmlText.Safe(text.Value, ref replaced);
        }
        return replaced;
    }

    private static XElement Property(string name, string value) =>
        new("property", new XAttribute("name", name), new XAttribute("value", value));

    private static string Seconds(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
