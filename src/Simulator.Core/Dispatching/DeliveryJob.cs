using Simulator.Core.Domain;

namespace Simulator.Core.Dispatching;

/// <summary>
/// What a running delivery keeps in memory between attempts: ids and times only (the body stays
/// in the database), so that many waiting retries cost little.
/// </summary>
public sealed class DeliveryJob
{
    public required long DeliveryId { get; init; }

    public required int EndpointId { get; init; }

    public int AttemptCount { get; set; }

    public DateTimeOffset? FirstAttemptAt { get; set; }

    public DateTimeOffset? LastAttemptAt { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>
    /// The delivery row as last written by this runner (detached): attempts update it by key,
    /// without reading it back, so an attempt costs the same however many deliveries exist.
    /// </summary>
    internal Delivery? Entity { get; set; }

    /// <summary>The body to send, while it is at hand; dropped while the job waits for a retry.</summary>
    internal string? Payload { get; set; }
}
