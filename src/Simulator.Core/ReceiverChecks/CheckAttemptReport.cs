using System.Text.Json.Serialization;

namespace Simulator.Core.ReceiverChecks;

/// <summary>
/// One request of a check and its answer: what was sent (<see cref="Sent"/>, the event type, the note,
/// the body's size) and what came back (status, real time taken, the first bytes of the answer, or why none came).
/// </summary>
public sealed record CheckAttemptReport(
    string Sent,
    string EventType,
    int NoteId,
    int BodyBytes,
    int? StatusCode,
    long DurationMs,
    string? Error,
    string Answer)
{
    /// <summary>Only a 2xx acknowledges an event (README.md, "Delivery rules").</summary>
    [JsonIgnore]
    public bool Succeeded => StatusCode is >= 200 and <= 299;

    /// <summary>"HTTP 200 in 12 ms" or "connection refused after 3 ms".</summary>
    [JsonIgnore]
    public string Outcome => StatusCode is { } status && Error is null
        ? $"HTTP {status} in {DurationMs} ms"
        : $"{Error ?? $"HTTP {StatusCode}"} after {DurationMs} ms";
}
