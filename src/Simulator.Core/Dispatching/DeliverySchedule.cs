using Simulator.Core.Clock;

namespace Simulator.Core.Dispatching;

/// <summary>
/// The due-queue: when each waiting delivery's next attempt and each failing endpoint's disabling
/// fall due, in memory, with one simulation-clock timer for the earliest. The store is the truth
/// (a pending delivery's <c>NextAttemptAt</c>, an endpoint's <c>DisableAt</c>); this is its index,
/// rebuilt from the store at start. When an entry falls due the clock is held at that moment and
/// the due work is handed to the <see cref="DeliveryDispatcher"/>, which releases the hold once
/// the attempts have started.
/// </summary>
public sealed class DeliverySchedule : IDisposable
{
    private readonly SimulationClock _clock;
    private readonly WorkTracker _tracker;
    private readonly Lock _gate = new();
    private readonly DueQueue _attempts = new();
    private readonly DueQueue _disablings = new();
    private readonly SimulationTimer _timer;
    private long _armedFor = long.MaxValue;
    private Action<DueWork>? _handler;

    // an entry due now counts as busy work from the moment it is scheduled, not only once the timer
    // fires on a pool thread: whoever waits for the simulator to be idle also waits for it
    private bool _dueNowCounted;

    public DeliverySchedule(SimulationClock clock, WorkTracker tracker)
    {
        _clock = clock;
        _tracker = tracker;
        _timer = (SimulationTimer)clock.CreateTimer(static s => ((DeliverySchedule)s!).OnDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Deliveries waiting for their next attempt.</summary>
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

    /// <summary>The earliest next attempt of any waiting delivery.</summary>
    public DateTimeOffset? NextAttemptAt
    {
        get
        {
            lock (_gate)
            {
                return _attempts.PeekDue();
            }
        }
    }

    public void ScheduleAttempt(long deliveryId, DateTimeOffset at)
    {
        lock (_gate)
        {
            _attempts.Set(deliveryId, at);
            RearmLocked();
        }
    }

    public void UnscheduleAttempt(long deliveryId)
    {
        lock (_gate)
        {
            _attempts.Remove(deliveryId);
            RearmLocked();
        }
    }

    public void ScheduleDisabling(int endpointId, DateTimeOffset at)
    {
        lock (_gate)
        {
            _disablings.Set(endpointId, at);
            RearmLocked();
        }
    }

    /// <summary>The endpoint's failure was addressed (or the endpoint is gone): no disabling.</summary>
    public void UnscheduleDisabling(int endpointId)
    {
        lock (_gate)
        {
            _disablings.Remove(endpointId);
            RearmLocked();
        }
    }

    /// <summary>Whether the endpoint has a disabling ahead, i.e. is in a failing episode.</summary>
    public bool IsDisablingScheduled(int endpointId)
    {
        lock (_gate)
        {
            return _disablings.Contains(endpointId);
        }
    }

    public void Dispose() => _timer.Dispose();

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
        var head = Earliest(_attempts.PeekDue(), _disablings.PeekDue());
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
        var hold = _clock.Hold();
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
}

/// <summary>
/// What fell due at <see cref="At"/>: deliveries to attempt and endpoints to disable. The clock is
/// held by <see cref="Hold"/> until the attempts have started.
/// </summary>
internal sealed record DueWork(DateTimeOffset At, List<long> Attempts, List<long> Disablings, IDisposable Hold);
