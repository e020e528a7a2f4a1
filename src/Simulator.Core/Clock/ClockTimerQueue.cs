namespace Simulator.Core.Clock;

/// <summary>
/// The <see cref="SimulationClock"/>'s timers by simulated due time, first come first served at
/// equal times. An entry is a timer and the version it was armed with: a timer changed or cancelled
/// since is skipped when it reaches the head. Not thread-safe; the clock guards it.
/// </summary>
internal sealed class ClockTimerQueue
{
    private readonly PriorityQueue<(SimulationTimer Timer, long Version), (long DueTicks, long Sequence)> _queue = new();
    private long _sequence;

    /// <summary>Timers waiting to fire.</summary>
    public int Count => _queue.UnorderedItems.Count(e => e.Element.Timer.IsScheduled(e.Element.Version));

    public void Add(SimulationTimer timer, long version, long dueTicks) => _queue.Enqueue((timer, version), (dueTicks, _sequence++));

    /// <summary>The due time of the earliest timer still armed, if any.</summary>
    public long? PeekDue()
    {
        while (_queue.TryPeek(out var entry, out var priority))
        {
            if (entry.Timer.IsScheduled(entry.Version))
            {
                return priority.DueTicks;
            }
            _queue.Dequeue();
        }
        return null;
    }

    /// <summary>Takes the earliest timer still armed (call after <see cref="PeekDue"/> found one).</summary>
    public (SimulationTimer Timer, long Version) Take() => _queue.Dequeue();

    public void Clear() => _queue.Clear();
}
