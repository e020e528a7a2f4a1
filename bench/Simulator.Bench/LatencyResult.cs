using Simulator.Core;

namespace Simulator.Bench;

/// <summary>Time from saving a SOAP note to the webhook's arrival at the receiver, in milliseconds.</summary>
public sealed record LatencyResult(
    StorageProvider Store,
    bool WithHangingEndpoint,
    int Rate,
    double AchievedRate,
    int Notes,
    int HealthyEndpoints,
    Distribution Milliseconds);
