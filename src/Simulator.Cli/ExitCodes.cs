namespace Simulator.Cli;

/// <summary>What <c>insim</c> tells its caller (README.md, "Check a receiver"; <c>insim --help</c>).</summary>
public static class ExitCodes
{
    /// <summary>Done: the check passed, the command did what it says.</summary>
    public const int Passed = 0;

    /// <summary><c>insim check</c>: a case failed.</summary>
    public const int CaseFailed = 1;

    /// <summary>Bad usage, or the command could not run (no simulator answers, a file cannot be written, ...).</summary>
    public const int BadUsage = 2;

    /// <summary>The receiver could not be reached, or the check broke off: the report's error says which.</summary>
    public const int CouldNotRun = 2;
}
