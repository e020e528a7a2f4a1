using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Simulator.Core.ReceiverChecks;

namespace Simulator.Tests.ReceiverChecks;

/// <summary>What the reports of a check of <see cref="CheckReceiver.AnsweringOddBytesAsync"/> must say, whichever output wrote them.</summary>
internal static class OddBytesReports
{
    /// <summary>The answer as the report's preview keeps it: decoded as UTF-8, cut before the emoji the cut would split.</summary>
    public static string ExpectedPreview { get; } = Encoding.UTF8.GetString(CheckReceiver.OddAnswer)[..(ReceiverCheckRunner.AnswerPreviewLength - 1)];

    /// <summary>Well-formed XML; what XML cannot carry is replaced, and the report says how many and how.</summary>
    public static void AssertJUnit(string xml)
    {
        var suite = XDocument.Parse(xml).Root!;
        Assert.Equal("testsuite", suite.Name.LocalName);
        var replaced = suite.Element("properties")!.Elements("property").Single(p => p.Attribute("name")!.Value == "replaced_characters");
        Assert.True(int.Parse(replaced.Attribute("value")!.Value, System.Globalization.CultureInfo.InvariantCulture) > 0);
        var created = suite.Elements("testcase").Single(c => c.Attribute("name")!.Value == ReceiverCheckCase.AcceptsCreated);
        var output = created.Element("system-out")!.Value;
        Assert.Contains("\u241B[31mrefused\u241B[0m \u2400 ", output, StringComparison.Ordinal);
        Assert.Contains("replaced", output, StringComparison.Ordinal);
        Assert.False(HasLoneSurrogate(xml), "a lone surrogate in the XML");
    }

    /// <summary>Valid JSON that keeps the answer's text exactly (JSON can carry every character), cut without splitting a pair.</summary>
    public static void AssertJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var created = document.RootElement.GetProperty("cases").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == ReceiverCheckCase.AcceptsCreated);
        Assert.Equal(ExpectedPreview, created.GetProperty("attempts")[0].GetProperty("answer").GetString());
    }

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }
        return false;
    }
}
