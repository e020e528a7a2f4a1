namespace Simulator.Core.ReceiverChecks;

/// <summary>One case of a check: pending until it starts, then passed or failed.</summary>
public enum CheckCaseStatus
{
    Pending,
    Running,
    Passed,
    Failed,
}
