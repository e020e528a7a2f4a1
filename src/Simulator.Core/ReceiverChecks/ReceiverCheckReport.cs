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
    [JsonIgnore]
    public bool Finished => Status != ReceiverCheckStatus.Running;

    [JsonIgnore]
    public int FailedCount => Cases.Count(c => c.Failed);
}
