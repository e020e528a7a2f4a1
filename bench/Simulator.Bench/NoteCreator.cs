using System.Diagnostics;

namespace Simulator.Bench;

/// <summary>Saves SOAP notes through the full path: as fast as a few concurrent users can, or at a steady rate.</summary>
public static class NoteCreator
{
    /// <summary>Saves <paramref name="count"/> notes from <paramref name="creators"/> concurrent callers; returns the highest event id.</summary>
    public static async Task<long> CreateAsync(SimulatorInstance simulator, int count, int creators, int? ignoredEndpointId = null)
    {
        var remaining = count;
        var lastEventId = 0L;
        var tasks = Enumerable.Range(0, creators).Select(_ => Task.Run(async () =>
        {
            PathProfile.MarkNoteSaver();
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                var (_, raised) = await simulator.CreateNoteAsync();
                Track(simulator, raised, ignoredEndpointId);
                InterlockedMax(ref lastEventId, raised.EventId);
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        return lastEventId;
    }

    /// <summary>
    /// Saves <paramref name="count"/> notes at <paramref name="rate"/> per second, one after another;
    /// notes the Stopwatch time each save began under its note's id. Returns the rate achieved.
    /// </summary>
    public static async Task<double> CreateAtRateAsync(SimulatorInstance simulator, int count, int rate, IDictionary<int, long>? saveStarted = null, int? ignoredEndpointId = null)
    {
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var due = started + (long)(i * (double)Stopwatch.Frequency / rate);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }
            var saving = Stopwatch.GetTimestamp();
            var (note, raised) = await simulator.CreateNoteAsync();
            Track(simulator, raised, ignoredEndpointId);
            if (saveStarted is not null)
            {
                saveStarted[note.Id] = saving;
            }
        }
        return count / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static void Track(SimulatorInstance simulator, Core.Webhooks.RaisedEvent raised, int? ignoredEndpointId)
    {
        if (ignoredEndpointId is not { } ignored)
        {
            return;
        }
        foreach (var delivery in raised.Deliveries.Where(d => d.EndpointId == ignored))
        {
            simulator.Changes.Ignore(delivery.DeliveryId);
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }
}
