using Simulator.Core;

namespace Simulator.Bench;

/// <summary>What deliveries waiting for their next attempt cost while they wait.</summary>
public sealed record WaitingRetriesResult(
    StorageProvider Store,
    int Waiting,
    bool ThroughRealAttempts,
    double SetupSeconds,
    MemorySample Before,
    MemorySample After,
    SchedulerShare Scheduler,
    int IdleSeconds,
    double CpuSeconds,
    int Collections,
    long AttemptsWhileIdle)
{
    /// <summary>Resident set of the whole process, per waiting delivery.</summary>
    public double ResidentPerDelivery => (After.Resident - Before.Resident) / (double)Waiting;

    public double ManagedPerDelivery => (After.Managed - Before.Managed) / (double)Waiting;

    public double GcCommittedPerDelivery => (After.GcCommitted - Before.GcCommitted) / (double)Waiting;

    public double SqlitePerDelivery => (After.SqliteNative - Before.SqliteNative) / (double)Waiting;

    /// <summary>The whole process's growth per delivery less the scheduler's share: the store's share and the rest.</summary>
    public double StorePerDelivery => ResidentPerDelivery - Scheduler.BytesPerEntry;

    /// <summary>CPU used while waiting, as a share of one core.</summary>
    public double CpuShare => CpuSeconds / IdleSeconds;
}
