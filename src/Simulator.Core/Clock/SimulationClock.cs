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

    // simulated time stops short of DateTimeOffset's end, whatever the speed and however long it runs
    private static readonly long LatestTicks = DateTimeOffset.MaxValue.UtcTicks - TimeSpan.FromDays(400).Ticks;

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
    private int _holds;
    private long _longestHoldTimestampTicks;
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

    /// <summary>Whether the clock is held (see <see cref="Hold()"/>).</summary>
    public bool IsHeld
    {
        get
        {
            lock (_gate)
            {
                return _holds > 0;
            }
        }
    }

    /// <summary>
    /// Stops simulated time where it is until the returned handle is disposed (holds nest). Timers
    /// due at or before the held moment still fire; later ones wait. Time then goes on from the
    /// held moment: it stood still meanwhile, it did not jump.
    /// </summary>
    public IDisposable Hold()
    {
        lock (_gate)
        {
            if (_holds == 0)
            {
                Reanchor(NowLocked());
            }
            _holds++;
        }
        return new HoldHandle(this, _realTime.GetTimestamp());
    }

    /// <summary>
    /// A <see cref="Hold()"/> that lets go by itself after <paramref name="bound"/> of real time, if it
    /// has not been released before: whatever holds the clock, time never stands still for long.
    /// </summary>
    public IDisposable Hold(TimeSpan bound)
    {
        var hold = Hold();
        var timer = _realTime.CreateTimer(static h => ((IDisposable)h!).Dispose(), hold, bound, Timeout.InfiniteTimeSpan);
        return new BoundedHold(hold, timer);
    }

    /// <summary>The longest any one hold lasted (real time), since the start or <see cref="ResetLongestHold"/>.</summary>
    public TimeSpan LongestHold => _realTime.GetElapsedTime(0, Interlocked.Read(ref _longestHoldTimestampTicks));

    public void ResetLongestHold() => Interlocked.Exchange(ref _longestHoldTimestampTicks, 0);

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

    /// <summary>Schedules at a simulated moment; a moment already past is due now (time never goes back).</summary>
    internal void ScheduleAt(SimulationTimer timer, long version, DateTimeOffset at)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            var due = Math.Max(at.UtcTicks, NowLocked().UtcTicks);
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
        if (!ClockOptions.IsValidSpeed(speed))
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, $"Speed must be {SimulationSpeedAttribute.Rule}.");
        }
    }

    private DateTimeOffset LinearNowLocked()
    {
        if (_holds > 0 || _speed == 0)
        {
            return _anchorSimulated;
        }
        var realElapsed = (_realTime.GetUtcNow() - _anchorReal).Ticks;
        var room = LatestTicks - _anchorSimulated.UtcTicks;
        var simulatedElapsed = (long)Math.Clamp(realElapsed * _speed, 0, room);
        return _anchorSimulated + TimeSpan.FromTicks(simulatedElapsed);
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
        if (next is not { } due)
        {
            Disarm();
            return;
        }
        if (!force && due >= _wakeUpDueTicks)
        {
            return;
        }
        var simulatedWait = due - LinearNowLocked().UtcTicks;
        if (simulatedWait <= 0)
        {
            // due now (also while paused or held): fire, but never inline, the caller may be creating the very timer that is due
            _wakeUp?.Dispose();
            _wakeUp = null;
            _wakeUpDueTicks = due;
            ThreadPool.UnsafeQueueUserWorkItem(static s => s.FireDue(), this, preferLocal: false);
            return;
        }
        if (_speed == 0 || _holds > 0)
        {
            Disarm();
            return;
        }
        _wakeUp?.Dispose();
        _wakeUpDueTicks = due;
        // in bounded steps: a real timer cannot wait longer than about 49.7 days, and at slow speeds a
        // simulated wait may stand for far more; a step that ends early finds nothing due and re-arms
        var realWaitTicks = Math.Min(Math.Ceiling(simulatedWait / _speed), MaxRealWait.Ticks);
        var realWait = TimeSpan.FromTicks(Math.Max(1, (long)realWaitTicks));
        _wakeUp = _realTime.CreateTimer(static s => ((SimulationClock)s!).FireDue(), this, realWait, Timeout.InfiniteTimeSpan);
    }

    private void Disarm()
    {
        _wakeUp?.Dispose();
        _wakeUp = null;
        _wakeUpDueTicks = long.MaxValue;
    }

    private void ReleaseHold()
    {
        lock (_gate)
        {
            if (_holds > 1)
            {
                _holds--;
                return;
            }
            // time goes on from the held moment
            var held = NowLocked();
            _holds = 0;
            Reanchor(held);
            RearmLocked(force: true);
        }
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

    private void NoteHeld(long since)
    {
        var held = _realTime.GetTimestamp() - since;
        long longest;
        while (held > (longest = Interlocked.Read(ref _longestHoldTimestampTicks)))
        {
            if (Interlocked.CompareExchange(ref _longestHoldTimestampTicks, held, longest) == longest)
            {
                return;
            }
        }
    }

    private sealed class HoldHandle(SimulationClock clock, long since) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                clock.NoteHeld(since);
                clock.ReleaseHold();
            }
        }
    }

    private sealed class BoundedHold(IDisposable hold, ITimer timer) : IDisposable
    {
        public void Dispose()
        {
            timer.Dispose();
            hold.Dispose();
        }
    }
}
