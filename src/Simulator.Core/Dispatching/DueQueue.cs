namespace Simulator.Core.Dispatching;

/// <summary>
/// Ids by due time: the in-memory index of what the store says is due when. Each id has one due
/// time and a small tag (the endpoint of a delivery); setting it again moves it. An entry is an id,
/// a time and a tag, nothing else: no entity, no body. Not thread-safe; <see cref="DeliverySchedule"/> guards it.
/// </summary>
public sealed class DueQueue
{
    private readonly PriorityQueue<long, (long DueTicks, long Id)> _heap = new();
    private readonly Dictionary<long, (long Ticks, int Tag)> _due = [];

    /// <summary>Ids waiting.</summary>
    public int Count => _due.Count;

    public bool Contains(long id) => _due.ContainsKey(id);

    /// <summary>Sets (or moves) when <paramref name="id"/> is due.</summary>
    public void Set(long id, DateTimeOffset due, int tag = 0)
    {
        var ticks = due.UtcTicks;
        if (_due.TryGetValue(id, out var current) && current.Ticks == ticks)
        {
            _due[id] = (ticks, tag);
            return;
        }
        _due[id] = (ticks, tag);
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
    public List<long> TakeDue(DateTimeOffset now) => TakeDueEntries(now, int.MaxValue).ConvertAll(e => e.Id);

    /// <summary>Removes and returns, earliest first, at most <paramref name="max"/> entries due at or before <paramref name="now"/>.</summary>
    public List<DueEntry> TakeDueEntries(DateTimeOffset now, int max)
    {
        var taken = new List<DueEntry>();
        while (taken.Count < max && PeekValid() is { } ticks && ticks <= now.UtcTicks)
        {
            var id = _heap.Dequeue();
            var tag = _due[id].Tag;
            _due.Remove(id);
            taken.Add(new DueEntry(id, new DateTimeOffset(ticks, TimeSpan.Zero), tag));
        }
        return taken;
    }

    private long? PeekValid()
    {
        while (_heap.TryPeek(out var id, out var priority))
        {
            if (_due.TryGetValue(id, out var entry) && entry.Ticks == priority.DueTicks)
            {
                return entry.Ticks;
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
        _heap.EnqueueRange(_due.Select(e => (e.Key, (e.Value.Ticks, e.Key))));
    }
}

/// <summary>An id taken from a <see cref="DueQueue"/>: when it was due, and its tag.</summary>
public readonly record struct DueEntry(long Id, DateTimeOffset Due, int Tag);
