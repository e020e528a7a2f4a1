namespace Simulator.Core.Clock;

/// <summary>
/// The simulated time of the simulator: a <see cref="TimeProvider"/> whose time runs
/// <see cref="Speed"/> times faster than the real time it is built over, that can change speed
/// while it runs and can be advanced ("jump ahead one hour").
/// </summary>
/// <remarks>
/// Simulated time never runs past a timer that has not fired yet: a timer due at T sees the
/// clock read T when it fires, even if the real timer behind it woke up late. Timers fire in the
/// order of their due times and each at most once per due time. A <see cref="Hold()"/> stops time
/// where it is until released (the dispatcher holds it while due attempts are being started), and
/// real timers are armed in steps of at most <see cref="MaxRealWait"/>, so every allowed speed works.
/// </remarks>
public sealed class SimulationClock : TimeProvider, IDisposable
{
    /// <summary>The longest real wait armed at once; a longer wait is taken in steps.</summary>
    public static readonly TimeSpan MaxRealWait = TimeSpan.FromHours(1);

    private readonly TimeProvider _realTime;
    private readonly Lock _gate = new();
    private readonly object _firing = new();
    private readonly ClockTimerQueue _queue = new();
    private readonly ClockWakeUp _wakeUp;
    private readonly ClockAnchor _anchor;
    private readonly LongestHold _longestHold;
    private long? _firingDueTicks;
    private bool _disposed;

    public SimulationClock(TimeProvider realTime, double speed, DateTimeOffset? start = null)
    {
        ArgumentNullException.ThrowIfNull(realTime);
        ValidateSpeed(speed);
        _realTime = realTime;
        _anchor = new ClockAnchor(realTime, speed, start ?? realTime.GetUtcNow());
        _longestHold = new LongestHold(realTime);
        _wakeUp = new ClockWakeUp(realTime, FireDue);
    }

    /// <summary>The real time the simulated time is built over (the system clock, or a fake in tests).</summary>
    public TimeProvider RealTime => _realTime;

    /// <summary>Simulated seconds per real second; 0 pauses the clock.</summary>
    public double Speed => Locked(() => _anchor.Speed);

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
    public DateTimeOffset? NextTimerDueAt => Locked<DateTimeOffset?>(() => _queue.PeekDue() is { } due ? new DateTimeOffset(due, TimeSpan.Zero) : null);

    /// <summary>Number of timers waiting to fire.</summary>
    public int PendingTimerCount => Locked(() => _queue.Count);

    /// <summary>Whether the clock is held (see <see cref="Hold()"/>).</summary>
    public bool IsHeld => Locked(() => _anchor.Holds > 0);

    /// <summary>
    /// Stops simulated time where it is until the returned handle is disposed (holds nest). Timers
    /// due at or before the held moment still fire; later ones wait. Time then goes on from the
    /// held moment: it stood still meanwhile, it did not jump.
    /// </summary>
    public IDisposable Hold()
    {
        lock (_gate)
        {
            _anchor.Hold(NowLocked());
        }
        return new ClockHold(ReleaseHold, _realTime.GetTimestamp());
    }

    /// <summary>
    /// A <see cref="Hold()"/> that lets go by itself after <paramref name="bound"/> of real time, if it
    /// has not been released before: whatever holds the clock, time never stands still for long.
    /// </summary>
    public IDisposable Hold(TimeSpan bound)
    {
        var hold = Hold();
        var timer = _realTime.CreateTimer(static h => ((IDisposable)h!).Dispose(), hold, bound, Timeout.InfiniteTimeSpan);
        return new BoundedClockHold(hold, timer);
    }

    /// <summary>The longest any one hold lasted (real time), since the start or <see cref="ResetLongestHold"/>.</summary>
    public TimeSpan LongestHold => _longestHold.Value;

    public void ResetLongestHold() => _longestHold.Reset();

    public void SetSpeed(double speed)
    {
        ValidateSpeed(speed);
        lock (_gate)
        {
            _anchor.SetSpeed(NowLocked(), speed);
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
        FireTimers(
            dueTicks =>
            {
                if (dueTicks is { } due && due <= target.UtcTicks)
                {
                    if (due > NowLocked().UtcTicks)
                    {
                        _anchor.Reanchor(new DateTimeOffset(due, TimeSpan.Zero));
                    }
                    return true;
                }
                if (target > NowLocked())
                {
                    _anchor.Reanchor(target);
                }
                return false;
            });
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
            _wakeUp.Disarm();
            _queue.Clear();
        }
    }

    /// <summary>
    /// Arms <paramref name="timer"/> (a new version, from <paramref name="nextVersion"/>) at the moment
    /// <paramref name="dueFromNow"/> gives for "now", read while the timer's old entry still bounds the
    /// clock: moving a timer (even to a moment already past) never lets time jump over where it stood.
    /// </summary>
    internal void Schedule(SimulationTimer timer, Func<long> nextVersion, Func<long, long> dueFromNow)
    {
        lock (_gate)
        {
            var now = NowLocked().UtcTicks;
            var version = nextVersion();
            if (_disposed)
            {
                return;
            }
            var due = dueFromNow(now);
            _queue.Add(timer, version, due);
            if (due < _wakeUp.DueTicks)
            {
                RearmLocked(force: false);
            }
        }
    }

    /// <summary>A periodic timer's next firing, a period after the last one was due.</summary>
    internal void Reschedule(SimulationTimer timer, long version, long previousDueTicks, TimeSpan period) =>
        Schedule(timer, () => version, _ => previousDueTicks + period.Ticks);

    private T Locked<T>(Func<T> read)
    {
        lock (_gate)
        {
            return read();
        }
    }

    private static void ValidateSpeed(double speed)
    {
        if (!ClockOptions.IsValidSpeed(speed))
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, $"Speed must be {SimulationSpeedAttribute.Rule}.");
        }
    }

    private DateTimeOffset NowLocked()
    {
        var linear = _anchor.Now();
        var bound = _firingDueTicks ?? _queue.PeekDue();
        return bound is { } b && b < linear.UtcTicks ? new DateTimeOffset(b, TimeSpan.Zero) : linear;
    }

    private void RearmLocked(bool force)
    {
        if (_disposed)
        {
            return;
        }
        if (_queue.PeekDue() is not { } due)
        {
            _wakeUp.Disarm();
            return;
        }
        if (!force && due >= _wakeUp.DueTicks)
        {
            return;
        }
        var simulatedWait = due - _anchor.Now().UtcTicks;
        if (simulatedWait <= 0)
        {
            _wakeUp.FireSoon(due);
        }
        else if (_anchor.IsStill)
        {
            _wakeUp.Disarm();
        }
        else
        {
            _wakeUp.ArmFor(due, simulatedWait, _anchor.Speed);
        }
    }

    private void ReleaseHold(long since)
    {
        _longestHold.Ended(since);
        lock (_gate)
        {
            _anchor.Release(NowLocked());
            if (_anchor.Holds == 0)
            {
                RearmLocked(force: true);
            }
        }
    }

    // the wake-up's: the timers due by now in real time
    private void FireDue() => FireTimers(dueTicks =>
    {
        _wakeUp.Woken();
        return dueTicks is { } due && due <= _anchor.Now().UtcTicks;
    });

    /// <summary>Fires the earliest timer, in order, while <paramref name="takes"/> (called under the lock with its due time) says so; then arms the wake-up.</summary>
    private void FireTimers(Func<long?, bool> takes)
    {
        lock (_firing)
        {
            while (true)
            {
                (SimulationTimer Timer, long Version) next;
                long due;
                lock (_gate)
                {
                    if (!takes(_queue.PeekDue()))
                    {
                        RearmLocked(force: true);
                        return;
                    }
                    due = _queue.PeekDue()!.Value;
                    next = _queue.Take();
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
