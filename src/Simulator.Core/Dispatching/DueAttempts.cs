using Simulator.Core.Clock;

namespace Simulator.Core.Dispatching;

/// <summary>
/// The waiting deliveries of the <see cref="DeliverySchedule"/>: by due time, and, once due without
/// a free slot, in their endpoint's line (<see cref="SlotLines"/>). A due attempt leaves only with a
/// slot of its endpoint. Not thread-safe; the schedule guards it.
/// </summary>
internal sealed class DueAttempts(SimulationClock clock, WorkTracker tracker, DeliveryConcurrency concurrency, TimeSpan holdBound, IDueWindow? window)
{
    private readonly DueQueue _due = new();
    private readonly SlotLines _lines = new(clock, tracker, holdBound);

    public int Count => _due.Count + _lines.Count;

    /// <summary>The earliest due time; now when some wait in a line (they are due already).</summary>
    public DateTimeOffset? NextAt => _lines.Count > 0 ? clock.GetUtcNow() : _due.PeekDue();

    /// <summary>The earliest due time the timer has to wait for (those in lines wait for a slot, not for time).</summary>
    public DateTimeOffset? NextTimerAt => _due.PeekDue();

    public bool Contains(long deliveryId) => _due.Contains(deliveryId) || _lines.Contains(deliveryId);

    public void Set(long deliveryId, int endpointId, DateTimeOffset at)
    {
        _lines.Remove(deliveryId);
        if (window?.Admits(at, Count) == false)
        {
            // outside this process's window (several instances): the store has it, and brings it back when it comes near
            _due.Remove(deliveryId);
            return;
        }
        _due.Set(deliveryId, at, endpointId);
    }

    public bool Remove(long deliveryId) => _due.Remove(deliveryId) | _lines.Remove(deliveryId);

    /// <summary>Puts an entry back unless it is here already (what a commit placed since is newer).</summary>
    public void PutBack(DueEntry entry)
    {
        if (!Contains(entry.Id))
        {
            _due.Set(entry.Id, entry.Due, entry.Tag);
        }
    }

    /// <summary>Each attempt due by <paramref name="now"/> with a slot of its endpoint; the others join their endpoint's line.</summary>
    public List<DueAttempt> TakeDue(DateTimeOffset now)
    {
        var taken = new List<DueAttempt>();
        foreach (var entry in _due.TakeDueEntries(now, int.MaxValue))
        {
            if (concurrency.TryEnter(entry.Tag, out var slot))
            {
                taken.Add(new DueAttempt(entry.Id, entry.Tag, entry.Due, slot!));
            }
            else
            {
                _lines.Join(entry);
            }
        }
        return taken;
    }

    /// <summary>A slot of the endpoint freed: the first in the lines, as many as have a slot now (of the endpoint and of the total), are due again.</summary>
    public bool SlotFreed(int endpointId)
    {
        if (_lines.Count == 0)
        {
            return false;
        }
        foreach (var entry in _lines.Leave(endpointId, concurrency.FreeSlots, concurrency.FreeTotal))
        {
            _due.Set(entry.Id, entry.Due, entry.Tag);
        }
        return true;
    }

    /// <summary>After the timer is armed for those that left the lines: the lines' hold ends once they are empty.</summary>
    public void EndLinesIfEmpty() => _lines.EndIfEmpty();
}
