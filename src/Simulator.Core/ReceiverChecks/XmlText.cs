using System.Text;

namespace Simulator.Core.ReceiverChecks;

/// <summary>
/// Text made fit for XML 1.0, which cannot carry every character a receiver may answer with: a control character
/// (an ANSI colour code's ESC, a NUL) becomes its visible picture (␛, ␀), half a surrogate pair and U+FFFE/U+FFFF
/// become �. Tab, line feed and carriage return stay.
/// </summary>
internal static class XmlText
{
    private const char ControlPictures = '\u2400';
    private const char Replacement = '\uFFFD';

    /// <summary>The text XML can carry; <paramref name="replaced"/> grows by the number of characters replaced.</summary>
    public static string Safe(string text, ref int replaced)
    {
        StringBuilder? safe = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            char? instead = null;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                safe?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }
            if (c < ' ' && c is not ('\t' or '\n' or '\r'))
            {
                instead = (char)(ControlPictures + c);
            }
            else if (char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF')
            {
                instead = Replacement;
            }
            if (instead is { } picture)
            {
                safe ??= new StringBuilder(text.Length).Append(text, 0, i);
                safe.Append(picture);
                replaced++;
            }
            else
            {
                safe?.Append(c);
            }
        }
        return safe?.ToString() ?? text;
    }
}
