namespace Simulator.Bench;

/// <summary>Everything one run of the bench measured, and under which conditions.</summary>
public sealed class BenchReport(BenchSettings settings, MachineInfo machine, DateTimeOffset startedAt, string loadBefore)
{
    public BenchSettings Settings { get; } = settings;

    public MachineInfo Machine { get; } = machine;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public string LoadBefore { get; } = loadBefore;

    public string LoadAfter { get; set; } = "";

    public TimeSpan Duration { get; set; }

    public List<ThroughputResult> Throughput { get; } = [];

    public List<LatencyResult> Latency { get; } = [];

    public List<WaitingRetriesResult> WaitingRetries { get; } = [];

    public ClockFidelityResult? Clock { get; set; }

    public List<LookupResult> Lookups { get; } = [];

    public UserResult? User { get; set; }

    /// <summary>Measurements that failed, with why.</summary>
    public List<string> Failures { get; } = [];
}
