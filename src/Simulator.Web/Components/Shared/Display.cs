using System.Globalization;
using System.Text.Json;

namespace Simulator.Web.Components.Shared;

/// <summary>How the UI writes times, durations and JSON: the same everywhere.</summary>
public static class Display
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Simulated time, UTC, to the second: <c>2026-03-26 14:20:05Z</c>.</summary>
    public static string Time(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? value) => value is { } v ? Time(v) : "—";

    /// <summary>The clock's reading: <c>Thu 26 Mar 2026 · 14:20:05 UTC</c>.</summary>
    public static string ClockReading(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("ddd d MMM yyyy · HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>A span in words a person reads at a glance: <c>45 s</c>, <c>3 min 20 s</c>, <c>2 h 5 min</c>, <c>1 d 3 h</c>.</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = span.Negate();
        }
        if (span.TotalSeconds < 1)
        {
            return span.TotalMilliseconds < 1 ? "0 s" : $"{span.TotalMilliseconds:0} ms";
        }
        if (span.TotalMinutes < 1)
        {
            return $"{(int)span.TotalSeconds} s";
        }
        if (span.TotalHours < 1)
        {
            return span.Seconds == 0 ? $"{span.Minutes} min" : $"{span.Minutes} min {span.Seconds} s";
        }
        if (span.TotalDays < 1)
        {
            return span.Minutes == 0 ? $"{span.Hours} h" : $"{span.Hours} h {span.Minutes} min";
        }
        return span.Hours == 0 ? $"{span.Days} d" : $"{span.Days} d {span.Hours} h";
    }

    /// <summary>Real time an attempt took.</summary>
    public static string Milliseconds(long ms) => ms < 1000
        ? string.Create(CultureInfo.InvariantCulture, $"{ms} ms")
        : string.Create(CultureInfo.InvariantCulture, $"{ms / 1000.0:0.0} s");

    /// <summary>From now until <paramref name="at"/>: <c>in 4 min 10 s</c>, or <c>due now</c>.</summary>
    public static string Until(DateTimeOffset at, DateTimeOffset now) =>
        at - now < TimeSpan.FromSeconds(1) ? "due now" : "in " + Duration(at - now);

    public static string Ago(DateTimeOffset at, DateTimeOffset now) =>
        now - at < TimeSpan.FromSeconds(1) ? "just now" : Duration(now - at) + " ago";

    /// <summary>The JSON indented for reading; the text itself when it is not JSON.</summary>
    public static string PrettyJson(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return json;
        }
        try
        {
            using var document = JsonDocument.Parse(json);
            return JsonSerializer.Serialize(document.RootElement, Indented);
        }
        catch (JsonException)
        {
            return json;
        }
    }

    /// <summary>
    /// A long text cut in the middle, so that both ends stay readable: URLs differ at their end
    /// (<c>http://localhost:5000/demo…receiver/flaky</c>), where cutting the tail would hide it.
    /// </summary>
    public static string MiddleEllipsis(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 5);
        if (text.Length <= max)
        {
            return text;
        }
        var tail = (max - 1) / 2;
        var head = max - 1 - tail;
        return string.Concat(text.AsSpan(0, head), "…", text.AsSpan(text.Length - tail));
    }

    public static string Speed(double speed) => speed == 0
        ? "paused"
        : string.Create(CultureInfo.InvariantCulture, $"{speed:0.##}×");
}
