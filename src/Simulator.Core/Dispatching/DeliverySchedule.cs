using Microsoft.Extensions.Options;
using Simulator.Core.Clock;

namespace Simulator.Core.Dispatching;

/// <summary>
/// The due-queue: when each waiting delivery's next attempt and each failing endpoint's disabling
/// fall due, in memory, with one simulation-clock timer for the earliest. The store is the truth
/// (a pending delivery's <c>NextAttemptAt</c>, an endpoint's <c>DisableAt</c>); this is its index,
/// filled at start and kept by <see cref="CommitEffects"/> from what each commit wrote, nothing else.
/// <para>
/// When entries fall due the clock is held at that moment and each due attempt takes a slot of
/// its endpoint (<see cref="DeliveryConcurrency"/>); one that finds none stays here, waiting in
/// its endpoint's line (<see cref="SlotLines"/>) until a slot frees, meanwhile the clock stays held
/// (at most <see cref="HoldBound"/> of real time). A running attempt whose retry would fall due
/// before its outcome is written holds the clock at that moment, as briefly.
/// </para>
/// </summary>
public sealed class DeliverySchedule : IDisposable
{
    /// <summary>The longest real time the schedule holds the clock at once.</summary>
    public static readonly TimeSpan HoldBound = TimeSpan.FromMilliseconds(250);

    private readonly SimulationClock _clock;
    private readonly WorkTracker _tracker;
    private readonly DeliveryConcurrency _concurrency;
    private readonly Lock _gate = new();
    private readonly DueAttempts _attempts;
    private readonly DueQueue _disablings = new();
    private readonly RetryHolds _retryHolds;
    private readonly SimulationTimer _timer;
    private long _armedFor = long.MaxValue;
    private Action<DueWork>? _handler;

    // an entry due now counts as busy work from the moment it is scheduled, not only once the timer
    // fires on a pool thread: whoever waits for the simulator to be idle also waits for it
    private bool _dueNowCounted;

    public DeliverySchedule(SimulationClock clock, WorkTracker tracker, DeliveryConcurrency concurrency, IOptions<SimulatorOptions> options, IDueWindow? window = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _clock = clock;
        _tracker = tracker;
        _concurrency = concurrency;
        _retryHolds = new RetryHolds(clock, HoldBound);
        _attempts = new DueAttempts(clock, tracker, concurrency, HoldBound, window);
        _timer = (SimulationTimer)clock.CreateTimer(static s => ((DeliverySchedule)s!).OnDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        concurrency.SlotFreed += OnSlotFreed;
    }

    /// <summary>Deliveries waiting for their next attempt (or, due, for a slot).</summary>
    public int WaitingAttempts
    {
        get
        {
            lock (_gate)
            {
                return _attempts.Count;
            }
        }
    }

    /// <summary>The earliest next attempt of any waiting delivery (one waiting for a slot is due already).</summary>
    public DateTimeOffset? NextAttemptAt
    {
        get
        {
            lock (_gate)
            {
                return _attempts.NextAt;
            }
        }
    }

    /// <summary>Whether the delivery is on the schedule (due later, or due and waiting for a slot).</summary>
    public bool IsScheduled(long deliveryId)
    {
        lock (_gate)
        {
            return _attempts.Contains(deliveryId);
        }
    }

    public void Dispose()
    {
        _concurrency.SlotFreed -= OnSlotFreed;
        _timer.Dispose();
    }

    internal void ScheduleAttempt(long deliveryId, int endpointId, DateTimeOffset at)
    {
        lock (_gate)
        {
            _attempts.Set(deliveryId, endpointId, at);
            RearmLocked();
        }
    }

    internal void UnscheduleAttempt(long deliveryId)
    {
        lock (_gate)
        {
            if (_attempts.Remove(deliveryId))
            {
                RearmLocked();
            }
        }
    }

    internal void ScheduleDisabling(int endpointId, DateTimeOffset at)
    {
        lock (_gate)
        {
            _disablings.Set(endpointId, at);
            RearmLocked();
        }
    }

    /// <summary>The endpoint's failure was addressed (or the endpoint is gone): no disabling.</summary>
    internal void UnscheduleDisabling(int endpointId)
    {
        lock (_gate)
        {
            if (_disablings.Remove(endpointId))
            {
                RearmLocked();
            }
        }
    }

    /// <summary>
    /// An attempt of the delivery is in flight; if it fails, its retry is due at <paramref name="retryAt"/>:
    /// should the clock reach that moment first, it is held there until the outcome is written (see <see cref="ReleaseRetryHold"/>).
    /// </summary>
    internal void HoldForRetry(long deliveryId, DateTimeOffset retryAt)
    {
        lock (_gate)
        {
            _retryHolds.Add(deliveryId, retryAt);
            RearmLocked();
        }
    }

    /// <summary>The attempt's outcome is written: its retry, if any, is on the schedule now.</summary>
    internal void ReleaseRetryHold(long deliveryId)
    {
        lock (_gate)
        {
            if (_retryHolds.Remove(deliveryId))
            {
                RearmLocked();
            }
        }
    }

    /// <summary>Starts handing due work to <paramref name="handler"/>.</summary>
    internal void Start(Action<DueWork> handler)
    {
        lock (_gate)
        {
            _handler = handler;
            _armedFor = long.MaxValue;
            RearmLocked();
        }
    }

    /// <summary>Stops handing out work; entries stay (the store keeps them anyway).</summary>
    internal void Stop()
    {
        lock (_gate)
        {
            _handler = null;
            _timer.Cancel();
            _armedFor = long.MaxValue;
            CountDueNowLocked(false);
        }
    }

    private void RearmLocked()
    {
        if (_handler is null)
        {
            return;
        }
        var head = Earliest(Earliest(_attempts.NextTimerAt, _disablings.PeekDue()), _retryHolds.PeekDue());
        CountDueNowLocked(head <= _clock.GetUtcNow());
        var ticks = head?.UtcTicks ?? long.MaxValue;
        if (ticks == _armedFor)
        {
            return;
        }
        _armedFor = ticks;
        if (head is { } at)
        {
            _timer.ChangeAt(at);
        }
        else
        {
            _timer.Cancel();
        }
    }

    // Runs inside the clock's firing: the clock reads the due moment. Hold it there until the
    // attempts due now have started; the handler releases the hold and the tracked work.
    private void OnDue()
    {
        var hold = _clock.Hold(HoldBound);
        Action<DueWork>? handler;
        DueWork work;
        lock (_gate)
        {
            // the work is busy until the handler is done: it takes over the count of an entry due now
            if (_dueNowCounted)
            {
                _dueNowCounted = false;
            }
            else
            {
                _tracker.Enter();
            }
            _armedFor = long.MaxValue;
            handler = _handler;
            var now = _clock.GetUtcNow();
            work = handler is null ? new DueWork(now, [], [], hold) : new DueWork(now, _attempts.TakeDue(now), _disablings.TakeDue(now), hold);
            _retryHolds.TakeDue(now);
            RearmLocked();
        }
        if (handler is null)
        {
            hold.Dispose();
            _tracker.Exit();
            return;
        }
        handler(work);
    }

    // a slot freed: the first in that endpoint's line (and in lines that waited for the total) are due again
    private void OnSlotFreed(int endpointId)
    {
        lock (_gate)
        {
            if (_attempts.SlotFreed(endpointId))
            {
                // armed for them first: the clock cannot pass a timer that has not fired, held or not
                RearmLocked();
                _attempts.EndLinesIfEmpty();
            }
        }
    }

    private void CountDueNowLocked(bool dueNow)
    {
        if (dueNow && !_dueNowCounted)
        {
            _tracker.Enter();
            _dueNowCounted = true;
        }
        else if (!dueNow && _dueNowCounted)
        {
            _dueNowCounted = false;
            _tracker.Exit();
        }
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;

    /// <summary>
    /// Puts due attempts back (they could not start), unless a commit has placed them since: what a
    /// commit derived is newer than what was taken.
    /// </summary>
    internal void PutBack(IEnumerable<DueEntry> entries)
    {
        lock (_gate)
        {
            foreach (var entry in entries)
            {
                _attempts.PutBack(entry);
            }
            RearmLocked();
        }
    }

    /// <summary>Puts a disabling back (it could not be written), unless a commit has placed or removed it since.</summary>
    internal void PutBackDisabling(int endpointId, DateTimeOffset at)
    {
        lock (_gate)
        {
            if (!_disablings.Contains(endpointId))
            {
                _disablings.Set(endpointId, at);
                RearmLocked();
            }
        }
    }
}
