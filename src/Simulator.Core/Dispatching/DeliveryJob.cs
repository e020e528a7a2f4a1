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
}
