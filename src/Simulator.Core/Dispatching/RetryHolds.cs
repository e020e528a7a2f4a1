using Simulator.Core.Clock;

namespace Simulator.Core.Dispatching;

/// <summary>
/// For each live attempt in flight, the moment its retry would be due if it fails. At high speed a
/// retry can fall due before the outcome that schedules it is written: when the clock reaches that
/// moment first, it is held there (at most for the bound) until the outcome is written, so the
/// retry starts at its announced time. Not thread-safe; <see cref="DeliverySchedule"/> guards it.
/// </summary>
internal sealed class RetryHolds(SimulationClock clock, TimeSpan bound)
{
    private readonly DueQueue _due = new();
    private readonly Dictionary<long, IDisposable> _holding = [];

    public DateTimeOffset? PeekDue() => _due.PeekDue();

    public void Add(long deliveryId, DateTimeOffset retryAt) => _due.Set(deliveryId, retryAt);

    public bool Remove(long deliveryId)
    {
        var removed = _due.Remove(deliveryId);
        if (_holding.Remove(deliveryId, out var hold))
        {
            hold.Dispose();
            removed = true;
        }
        return removed;
    }

    /// <summary>The clock has reached these retries' moments with their outcomes not written: hold it.</summary>
    public void TakeDue(DateTimeOffset now)
    {
        foreach (var id in _due.TakeDue(now))
        {
            _holding[id] = clock.Hold(bound);
        }
    }
}
