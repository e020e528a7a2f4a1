using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Simulator.Cli;

/// <summary>Deliveries as the API gives them (<c>GET /api/deliveries</c>), as lines for a terminal.</summary>
public static class DeliveryText
{
    public static string Table(JsonArray deliveries)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        var rows = deliveries.OfType<JsonObject>().Select(d => new[]
        {
            Value(d, "id"), Value(d, "event_id"), Value(d, "event_type") + (d["is_test"]?.GetValue<bool>() == true ? " (test)" : ""),
            Value(d, "endpoint_id"), Value(d, "status"), Value(d, "attempt_count"), LastAnswer(d), Value(d, "next_attempt_at"),
        }).ToList();
        string[] header = ["DELIVERY", "EVENT", "TYPE", "ENDPOINT", "STATUS", "ATTEMPTS", "LAST ANSWER", "NEXT ATTEMPT"];
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        text.AppendLine(Line(header, widths));
        text.AppendLine(Line(widths.Select(w => new string('-', w)).ToArray(), widths));
        foreach (var row in rows)
        {
            text.AppendLine(Line(row, widths));
        }
        text.AppendLine(CultureInfo.InvariantCulture, $"{rows.Count} {(rows.Count == 1 ? "delivery" : "deliveries")}");
        return text.ToString();
    }

    /// <summary>One delivery in a sentence: <c>delivery 7 to endpoint 1: succeeded after 1 attempt (last answer 200)</c>.</summary>
    public static string Sentence(JsonObject delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var attempts = delivery["attempt_count"]?.GetValue<int>() ?? 0;
        var sentence = $"delivery {Value(delivery, "id")} to endpoint {Value(delivery, "endpoint_id")}: {Value(delivery, "status")}"
            + $" after {attempts} attempt{(attempts == 1 ? "" : "s")}";
        var answer = LastAnswer(delivery);
        return answer.Length > 0 ? $"{sentence} (last answer {answer})"
            : attempts > 0 ? $"{sentence} (attempt {attempts} not answered yet)"
            : sentence;
    }

    /// <summary>What the last attempt got: its status code, or why no answer came.</summary>
    public static string LastAnswer(JsonObject delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (delivery["attempts"] is not JsonArray { Count: > 0 } attempts || attempts[^1] is not JsonObject last)
        {
            return "";
        }
        var code = Value(last, "status_code");
        var error = Value(last, "error");
        return code.Length > 0 ? code : Shorten(error, 40);
    }

    public static string Value(JsonObject json, string name)
    {
        ArgumentNullException.ThrowIfNull(json);
        return json[name] is JsonValue value ? TerminalText.Clean(value.ToString()) : "";
    }

    private static string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();

    private static string Shorten(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}
