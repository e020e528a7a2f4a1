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
    public double PerSecond => Deliveries / Seconds;

    public double Ratio => PerSecond / BarePerSecond;
}
