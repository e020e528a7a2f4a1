using System.Text.Json.Serialization;

namespace Simulator.Core.ReceiverChecks;

/// <summary>A receiver check as it stands (README.md, "Check a receiver"): the URL, its status and its cases in the contract's order.</summary>
public sealed record ReceiverCheckReport(
    string Id,
    string Url,
    ReceiverCheckStatus Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<CheckCaseReport> Cases)
{
    /// <summary>Why the check could not run (the receiver could not be reached) or broke off; null when every case was judged.</summary>
    public string? Error { get; init; }

    /// <summary>The real time the check took, once finished (<see cref="StartedAt"/> and <see cref="FinishedAt"/> are the simulated clock's).</summary>
    public long? DurationMs { get; init; }

    /// <summary>When the check started by the machine's clock (UTC).</summary>
    public DateTimeOffset? RealStartedAt { get; init; }

    [JsonIgnore]
    public bool Finished => Status != ReceiverCheckStatus.Running;

    [JsonIgnore]
    public int FailedCount => Cases.Count(c => c.Failed);
}
