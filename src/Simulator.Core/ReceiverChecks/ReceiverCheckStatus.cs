namespace Simulator.Core.ReceiverChecks;

/// <summary>A whole check: running until every case is judged, then passed or failed.</summary>
public enum ReceiverCheckStatus
{
    Running,
    Passed,
    Failed,
}
