namespace Simulator.Cli;

/// <summary>What <c>insim</c> tells its caller (README.md, "Check a receiver").</summary>
public static class ExitCodes
{
    public const int Passed = 0;
    public const int CaseFailed = 1;
    public const int BadUsage = 2;

    /// <summary>The receiver could not be reached, or the check broke off: the report's error says which.</summary>
    public const int CouldNotRun = 2;
}
