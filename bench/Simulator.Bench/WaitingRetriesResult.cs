using Simulator.Core;

namespace Simulator.Bench;

/// <summary>What deliveries waiting for their next attempt cost while they wait.</summary>
public sealed record WaitingRetriesResult(
    StorageProvider Store,
    int Waiting,
    double SetupSeconds,
    long ResidentBefore,
    long ResidentAfter,
    long ManagedBefore,
    long ManagedAfter,
    int IdleSeconds,
    double CpuSeconds,
    int Collections,
    long AttemptsWhileIdle)
{
    public double ResidentPerDelivery => (ResidentAfter - ResidentBefore) / (double)Waiting;

    public double ManagedPerDelivery => (ManagedAfter - ManagedBefore) / (double)Waiting;

    /// <summary>CPU used while waiting, as a share of one core.</summary>
    public double CpuShare => CpuSeconds / IdleSeconds;
}
