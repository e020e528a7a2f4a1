namespace Simulator.Core.Clock;

/// <summary>
/// The simulated time of the simulator: a <see cref="TimeProvider"/> whose time runs
/// <see cref="Speed"/> times faster than the real time it is built over, that can change speed
/// while it runs and can be advanced ("jump ahead one hour").
/// </summary>
/// <remarks>
/// Simulated time never runs past a timer that has not fired yet: a timer due at T sees the
/// clock read T when it fires, even if the real timer behind it woke up late. Timers fire in the
/// order of their due times and each at most once per due time.
/// </remarks>
public sealed class SimulationClock : TimeProvider, IDisposable
{
    private readonly TimeProvider _realTime;
    private readonly Lock _gate = new();
    private readonly object _firing = new();
    private readonly PriorityQueue<(SimulationTimer Timer, long Version), (long DueTicks, long Sequence)> _queue = new();
    private long _sequence;
    private DateTimeOffset _anchorSimulated;
    private DateTimeOffset _anchorReal;
    private double _speed;
    private ITimer? _wakeUp;
    private long _wakeUpDueTicks = long.MaxValue;
    private long? _firingDueTicks;
    private bool _disposed;

    public SimulationClock(TimeProvider realTime, double speed, DateTimeOffset? start = null)
    {
        ArgumentNullException.ThrowIfNull(realTime);
        ValidateSpeed(speed);
        _realTime = realTime;
        _speed = speed;
        _anchorReal = realTime.GetUtcNow();
        _anchorSimulated = start ?? _anchorReal;
    }

    /// <summary>The real time the simulated time is built over (the system clock, or a fake in tests).</summary>
    public TimeProvider RealTime => _realTime;

    /// <summary>Simulated seconds per real second; 0 pauses the clock.</summary>
    public double Speed
    {
        get
        {
            lock (_gate)
            {
                return _speed;
            }
        }
    }

    /// <summary>Raised after the speed changes or the clock is advanced.</summary>
    public event EventHandler? Changed;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return NowLocked();
        }
    }

    /// <summary>The simulated due time of the earliest timer that has not fired, if any.</summary>
    public DateTimeOffset? NextTimerDueAt
    {
        get
        {
            lock (_gate)
            {
                return PeekValidLocked() is { } due ? new DateTimeOffset(due, TimeSpan.Zero) : null;
            }
        }
    }

    /// <summary>Number of timers waiting to fire.</summary>
    public int PendingTimerCount
    {
        get
        {
            lock (_gate)
            {
                return _queue.UnorderedItems.Count(e => e.Element.Timer.IsScheduled(e.Element.Version));
            }
        }
    }

    public void SetSpeed(double speed)
    {
        ValidateSpeed(speed);
        lock (_gate)
        {
            Reanchor(NowLocked());
            _speed = speed;
            RearmLocked(force: true);
        }
        Changed?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>Jumps ahead by <paramref name="delta"/>, firing every timer due on the way, in order.</summary>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        AdvanceTo(GetUtcNow() + delta);
    }

    /// <summary>Jumps ahead to <paramref name="target"/>, firing every timer due on the way, in order.</summary>
    public void AdvanceTo(DateTimeOffset target)
    {
        lock (_firing)
        {
            while (true)
            {
                (SimulationTimer Timer, long Version) next;
                long due;
                lock (_gate)
                {
                    if (PeekValidLocked() is not { } nextDue || nextDue > target.UtcTicks)
                    {
                        var now = NowLocked();
                        if (target > now)
                        {
                            Reanchor(target);
                        }
                        RearmLocked(force: true);
                        break;
                    }
                    next = _queue.Dequeue();
                    due = nextDue;
                    if (due > NowLocked().UtcTicks)
                    {
                        Reanchor(new DateTimeOffset(due, TimeSpan.Zero));
                    }
                    _firingDueTicks = due;
                }
                Fire(next.Timer, next.Version, due);
            }
        }
        Changed?.Invoke(this, EventArgs.Empty);
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new SimulationTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _wakeUp?.Dispose();
            _wakeUp = null;
            _queue.Clear();
        }
    }

    internal void Schedule(SimulationTimer timer, long version, TimeSpan dueTime)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            var due = NowLocked().UtcTicks + Math.Max(0, dueTime.Ticks);
            _queue.Enqueue((timer, version), (due, _sequence++));
            if (due < _wakeUpDueTicks)
            {
                RearmLocked(force: false);
            }
        }
    }

    internal void Reschedule(SimulationTimer timer, long version, long previousDueTicks, TimeSpan period)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            var due = previousDueTicks + period.Ticks;
            _queue.Enqueue((timer, version), (due, _sequence++));
        }
    }

    private static void ValidateSpeed(double speed)
    {
        if (double.IsNaN(speed) || double.IsInfinity(speed) || speed < 0 || speed > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "Speed must be between 0 (paused) and 1,000,000.");
        }
    }

    private DateTimeOffset LinearNowLocked()
    {
        var realElapsed = _realTime.GetUtcNow() - _anchorReal;
        return _anchorSimulated + TimeSpan.FromTicks((long)(realElapsed.Ticks * _speed));
    }

    private DateTimeOffset NowLocked()
    {
        var linear = LinearNowLocked();
        var bound = _firingDueTicks ?? PeekValidLocked();
        return bound is { } b && b < linear.UtcTicks ? new DateTimeOffset(b, TimeSpan.Zero) : linear;
    }

    private void Reanchor(DateTimeOffset simulatedNow)
    {
        _anchorSimulated = simulatedNow;
        _anchorReal = _realTime.GetUtcNow();
    }

    private long? PeekValidLocked()
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

    private void RearmLocked(bool force)
    {
        if (_disposed)
        {
            return;
        }
        var next = PeekValidLocked();
        if (next is not { } due || _speed == 0)
        {
            _wakeUp?.Dispose();
            _wakeUp = null;
            _wakeUpDueTicks = long.MaxValue;
            return;
        }
        if (!force && due >= _wakeUpDueTicks)
        {
            return;
        }
        _wakeUp?.Dispose();
        _wakeUpDueTicks = due;
        var simulatedWait = due - LinearNowLocked().UtcTicks;
        if (simulatedWait <= 0)
        {
            // never fire inline: the caller may be creating the very timer that is due
            _wakeUp = null;
            ThreadPool.UnsafeQueueUserWorkItem(static s => s.FireDue(), this, preferLocal: false);
            return;
        }
        var realWait = TimeSpan.FromTicks((long)Math.Ceiling(simulatedWait / _speed));
        _wakeUp = _realTime.CreateTimer(static s => ((SimulationClock)s!).FireDue(), this, realWait, Timeout.InfiniteTimeSpan);
    }

    private void FireDue()
    {
        lock (_firing)
        {
            while (true)
            {
                (SimulationTimer Timer, long Version) next;
                long due;
                lock (_gate)
                {
                    _wakeUpDueTicks = long.MaxValue;
                    if (PeekValidLocked() is not { } nextDue || nextDue > LinearNowLocked().UtcTicks)
                    {
                        RearmLocked(force: true);
                        return;
                    }
                    next = _queue.Dequeue();
                    due = nextDue;
                    _firingDueTicks = due;
                }
                Fire(next.Timer, next.Version, due);
            }
        }
    }

    private void Fire(SimulationTimer timer, long version, long dueTicks)
    {
        try
        {
            timer.Fire(version, dueTicks);
        }
        finally
        {
            lock (_gate)
            {
                _firingDueTicks = null;
            }
        }
    }
}
