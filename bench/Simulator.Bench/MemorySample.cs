namespace Simulator.Bench;

/// <summary>
/// What the process holds at one moment, after a full GC: resident set, managed heap (live objects),
/// memory the GC has committed (live objects and the free space it keeps), SQLite's own heap.
/// </summary>
public sealed record MemorySample(long Resident, long Managed, long GcCommitted, long SqliteNative)
{
    public static MemorySample Take()
    {
        ProcessMeter.FullCollect();
        return new MemorySample(ProcessMeter.ResidentBytes(), ProcessMeter.ManagedBytes(), GC.GetGCMemoryInfo().TotalCommittedBytes, ProcessMeter.SqliteNativeBytes());
    }
}
