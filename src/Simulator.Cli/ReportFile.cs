namespace Simulator.Cli;

/// <summary>A report file named on the command line (<c>--junit FILE</c>, <c>--json FILE</c>).</summary>
public static class ReportFile
{
    /// <summary>
    /// Refuses, before anything is sent, a path that cannot be written: its folder is created and the file opened
    /// for writing (and removed again when it did not exist), so a bad path costs no check run.
    /// </summary>
    public static void ThrowIfNotWritable(FileInfo? file, string option)
    {
        if (file is null)
        {
            return;
        }
        try
        {
            file.Directory?.Create();
            var existed = file.Exists;
            using (new FileStream(file.FullName, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite))
            {
            }
            if (!existed)
            {
                file.Delete();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException or System.Security.SecurityException)
        {
            throw new CommandFailedException($"{option} {file.FullName}: cannot write there ({TerminalText.Clean(e.Message)}). Nothing was sent.", e);
        }
    }

    public static async Task WriteAsync(FileInfo file, string text, string option, CancellationToken cancellationToken)
    {
        try
        {
            file.Directory?.Create();
            await File.WriteAllTextAsync(file.FullName, text, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException or System.Security.SecurityException)
        {
            throw new CommandFailedException($"{option} {file.FullName}: the report could not be written ({TerminalText.Clean(e.Message)}).", e);
        }
    }
}
