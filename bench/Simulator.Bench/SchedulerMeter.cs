using Simulator.Core.Dispatching;

namespace Simulator.Bench;

/// <summary>
/// The scheduler's share of a waiting delivery, measured alone: a <see cref="DueQueue"/> (what the
/// <see cref="DeliverySchedule"/> keeps per waiting delivery) filled with N entries due over 12 hours,
/// managed heap before and after (<c>GC.GetTotalMemory(true)</c>), in this process.
/// </summary>
public static class SchedulerMeter
{
    public static SchedulerShare Measure(int entries)
    {
        var random = new Random(entries);
        var start = new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);
        ProcessMeter.FullCollect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var queue = new DueQueue();
        for (var id = 1L; id <= entries; id++)
        {
            queue.Set(id, start.AddSeconds(random.Next(0, 12 * 3600)));
        }
        var after = GC.GetTotalMemory(forceFullCollection: true);
        if (queue.Count != entries)
        {
            throw new InvalidOperationException($"The queue holds {queue.Count} entries; expected {entries}.");
        }
        GC.KeepAlive(queue);
        return new SchedulerShare(entries, after - before);
    }
}
