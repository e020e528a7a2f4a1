namespace Simulator.Core.ReceiverChecks;

/// <summary>One case of a check: pending until it starts, then passed or failed; not run when the check could not run it.</summary>
public enum CheckCaseStatus
{
    Pending,
    Running,
    Passed,
    Failed,
    NotRun,
}
