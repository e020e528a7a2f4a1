using Simulator.Core;

namespace Simulator.Bench;

/// <summary>Deliveries per second through the full path, and the bare limit next to it.</summary>
public sealed record ThroughputResult(
    StorageProvider Store,
    bool WithHangingEndpoint,
    int Events,
    int HealthyEndpoints,
    long Deliveries,
    double Seconds,
    double CreationSeconds,
    double BarePerSecond,
    int FailedAttempts,
    string? CommonError,
    PathProfileResult? Profile)
{
    /// <summary>The bare loop with the simulator's durability written lean (<see cref="DurableBareLoop"/>), same bodies, same run; 0 if not run.</summary>
    public double DurablePerSecond { get; init; }

    public double PerSecond => Deliveries / Seconds;

    public double Ratio => PerSecond / BarePerSecond;
}
