using System.Text.Json.Serialization;

namespace Simulator.Core.ReceiverChecks;

/// <summary>
/// A case of a check as it stands: its verdict and <see cref="Detail"/> (what happened), the requests it made,
/// and, when it failed, why it matters (<see cref="Reference"/> quotes the Instinctive Notes documentation)
/// and what to change.
/// </summary>
public sealed record CheckCaseReport(
    string Name,
    string Title,
    CheckCaseStatus Status,
    string Detail,
    IReadOnlyList<CheckAttemptReport> Attempts,
    string? WhyItMatters,
    string? Reference,
    string? WhatToChange)
{
    [JsonIgnore]
    public bool Failed => Status == CheckCaseStatus.Failed;
}
