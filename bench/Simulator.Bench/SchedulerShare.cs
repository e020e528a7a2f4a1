namespace Simulator.Bench;

/// <summary>The managed bytes a <see cref="Core.Dispatching.DueQueue"/> holds per entry when filled with <see cref="Entries"/> entries.</summary>
public sealed record SchedulerShare(int Entries, long Bytes)
{
    public double BytesPerEntry => Bytes / (double)Entries;
}
