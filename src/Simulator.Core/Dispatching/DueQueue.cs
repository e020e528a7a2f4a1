namespace Simulator.Core.Dispatching;

/// <summary>
/// Ids by due time: the in-memory index of what the store says is due when. Each id has one due
/// time; setting it again moves it. An entry is an id and a time (two longs in a heap and two in a
/// dictionary), nothing else: no entity, no body. Not thread-safe; <see cref="DeliverySchedule"/> guards it.
/// </summary>
public sealed class DueQueue
{
    private readonly PriorityQueue<long, (long DueTicks, long Id)> _heap = new();
    private readonly Dictionary<long, long> _due = [];

    /// <summary>Ids waiting.</summary>
    public int Count => _due.Count;

    public bool Contains(long id) => _due.ContainsKey(id);

    /// <summary>Sets (or moves) when <paramref name="id"/> is due.</summary>
    public void Set(long id, DateTimeOffset due)
    {
        var ticks = due.UtcTicks;
        if (_due.TryGetValue(id, out var current) && current == ticks)
        {
            return;
        }
        _due[id] = ticks;
        _heap.Enqueue(id, (ticks, id));
        CompactIfStale();
    }

    public bool Remove(long id)
    {
        var removed = _due.Remove(id);
        CompactIfStale();
        return removed;
    }

    /// <summary>The earliest due time, if any.</summary>
    public DateTimeOffset? PeekDue() => PeekValid() is { } ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>Removes and returns, earliest first, every id due at or before <paramref name="now"/>.</summary>
    public List<long> TakeDue(DateTimeOffset now)
    {
        var taken = new List<long>();
        while (PeekValid() is { } ticks && ticks <= now.UtcTicks)
        {
            var id = _heap.Dequeue();
            _due.Remove(id);
            taken.Add(id);
        }
        return taken;
    }

    private long? PeekValid()
    {
        while (_heap.TryPeek(out var id, out var priority))
        {
            if (_due.TryGetValue(id, out var ticks) && ticks == priority.DueTicks)
            {
                return ticks;
            }
            _heap.Dequeue(); // moved or removed since
        }
        return null;
    }

    // entries left behind by moves and removals are dropped when they reach the head; rebuild when they pile up
    private void CompactIfStale()
    {
        if (_heap.Count <= (2 * _due.Count) + 1024)
        {
            return;
        }
        _heap.Clear();
        _heap.EnqueueRange(_due.Select(e => (e.Key, (e.Value, e.Key))));
    }
}
