using System.Globalization;
using System.Text.RegularExpressions;

namespace Simulator.Cli;

/// <summary>A stretch of simulated time as people write it: <c>13h</c>, <c>90m</c>, <c>45s</c>, <c>2d</c>, <c>1h30m</c>.</summary>
public static partial class SimulatedDuration
{
    public const string Examples = "13h, 90m, 45s, 2d or 1h30m";

    /// <summary>The longest jump the simulator's API takes (<c>POST /api/clock/advance</c>): 30 days.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromDays(30);

    public static TimeSpan Parse(string? text, string what)
    {
        var trimmed = text?.Trim() ?? "";
        var match = Pattern().Match(trimmed);
        if (!match.Success)
        {
            throw new CommandFailedException($"{what} {TerminalText.Clean(text)}: give a duration like {Examples} (d days, h hours, m minutes, s seconds).");
        }
        var total = TimeSpan.Zero;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var amount = double.Parse(part.Value[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            var seconds = char.ToLowerInvariant(part.Value[^1]) switch
            {
                'd' => amount * 86_400,
                'h' => amount * 3_600,
                'm' => amount * 60,
                _ => amount,
            };
            if (seconds > Max.TotalSeconds)
            {
                throw new CommandFailedException($"{what} {TerminalText.Clean(text)}: at most 30 days at a time.");
            }
            total += TimeSpan.FromSeconds(seconds);
        }
        if (total <= TimeSpan.Zero)
        {
            throw new CommandFailedException($"{what} {TerminalText.Clean(text)}: give a duration longer than 0, like {Examples}.");
        }
        if (total > Max)
        {
            throw new CommandFailedException($"{what} {TerminalText.Clean(text)}: at most 30 days at a time.");
        }
        return total;
    }

    /// <summary>A duration as this parser reads it back: <c>13h</c>, <c>1h30m</c>, <c>45s</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        var parts = new List<string>();
        if (duration.Days > 0)
        {
            parts.Add($"{duration.Days}d");
        }
        if (duration.Hours > 0)
        {
            parts.Add($"{duration.Hours}h");
        }
        if (duration.Minutes > 0)
        {
            parts.Add($"{duration.Minutes}m");
        }
        if (duration.Seconds > 0 || parts.Count == 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{duration.Seconds + (duration.Milliseconds / 1000.0):0.###}s"));
        }
        return string.Concat(parts);
    }

    [GeneratedRegex(@"^(?<part>[0-9]{1,9}(\.[0-9]{1,6})?[dhmsDHMS])+$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
