using Simulator.Core.Clock;

namespace Simulator.Core.Dispatching;

/// <summary>
/// Due attempts that found their endpoint's slots (or all slots) taken, one line per endpoint,
/// earliest due first: still on the schedule, holding nothing (no guard, no entity, no task). While
/// anyone waits in a line the work counts as busy, and the clock is held where it was, at most
/// for the bound, from the moment the first joined: an endpoint that answers promptly frees its
/// slots within it, so every attempt starts at its due moment; a hanging one does not freeze time.
/// Not thread-safe; <see cref="DeliverySchedule"/> guards it.
/// </summary>
internal sealed class SlotLines(SimulationClock clock, WorkTracker tracker, TimeSpan holdBound)
{
    private readonly Dictionary<int, DueQueue> _lines = [];
    private readonly Dictionary<long, int> _lineOf = [];
    private IDisposable? _hold;

    public int Count => _lineOf.Count;

    public bool Contains(long deliveryId) => _lineOf.ContainsKey(deliveryId);

    public void Join(DueEntry entry)
    {
        if (_lineOf.Count == 0)
        {
            tracker.Enter();
            _hold = clock.Hold(holdBound);
        }
        if (!_lines.TryGetValue(entry.Tag, out var line))
        {
            _lines[entry.Tag] = line = new DueQueue();
        }
        line.Set(entry.Id, entry.Due, entry.Tag);
        _lineOf[entry.Id] = entry.Tag;
    }

    public bool Remove(long deliveryId)
    {
        if (!_lineOf.Remove(deliveryId, out var endpointId))
        {
            return false;
        }
        _lines[endpointId].Remove(deliveryId);
        if (_lines[endpointId].Count == 0)
        {
            _lines.Remove(endpointId);
        }
        EndIfEmpty();
        return true;
    }

    /// <summary>
    /// The first of the endpoint's line, as many as it has slots free now, then the first of the
    /// other lines, earliest due first, as many as each endpoint has free: never more than
    /// <paramref name="totalFree"/> in all (the slots free across endpoints), so a freed slot
    /// sends one attempt back to the schedule, not one of every line. They are due again: the
    /// caller puts them on the schedule, then calls <see cref="EndIfEmpty"/>.
    /// </summary>
    public List<DueEntry> Leave(int endpointId, Func<int, int> freeSlots, int totalFree)
    {
        var leaving = new List<DueEntry>();
        foreach (var (id, line) in _lines.OrderBy(l => l.Key == endpointId ? 0 : 1).ThenBy(l => l.Value.PeekDue()).ThenBy(l => l.Key).ToList())
        {
            var free = Math.Min(freeSlots(id), totalFree - leaving.Count);
            if (free <= 0)
            {
                continue;
            }
            foreach (var entry in line.TakeDueEntries(DateTimeOffset.MaxValue, free))
            {
                _lineOf.Remove(entry.Id);
                leaving.Add(entry);
            }
            if (line.Count == 0)
            {
                _lines.Remove(id);
            }
            if (leaving.Count >= totalFree)
            {
                break;
            }
        }
        return leaving;
    }

    /// <summary>Nobody waits any more: the work is no longer busy and the clock goes on.</summary>
    public void EndIfEmpty()
    {
        if (_lineOf.Count > 0 || _hold is null)
        {
            return;
        }
        _hold.Dispose();
        _hold = null;
        tracker.Exit();
    }
}
