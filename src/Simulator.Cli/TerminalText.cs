using System.Globalization;
using System.Text;

namespace Simulator.Cli;

/// <summary>
/// Text that came from elsewhere (a receiver's answer, an error message) made safe for a terminal or a CI
/// log: control characters (an escape sequence could recolour or clear the screen) are written as
/// <c>\u001b</c>, tabs and line breaks as one space.
/// </summary>
public static class TerminalText
{
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        if (!text.Any(IsControl))
        {
            return text;
        }
        var clean = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (c is '\t' or '\r' or '\n')
            {
                clean.Append(' ');
            }
            else if (IsControl(c))
            {
                clean.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                clean.Append(c);
            }
        }
        return clean.ToString();
    }

    private static bool IsControl(char c) => char.IsControl(c) || c is '\u2028' or '\u2029' or '\u202e' or '\u200e' or '\u200f';
}
