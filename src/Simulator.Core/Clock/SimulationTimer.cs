namespace Simulator.Core.Clock;

/// <summary>A timer of the <see cref="SimulationClock"/>: due times and periods are simulated time.</summary>
internal sealed class SimulationTimer(SimulationClock clock, TimerCallback callback, object? state) : ITimer
{
    private readonly Lock _gate = new();
    private long _version;
    private TimeSpan _period = Timeout.InfiniteTimeSpan;
    private bool _disposed;

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime == Timeout.InfiniteTimeSpan)
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return false;
                }
                _version++;
                _period = period;
                return true;
            }
        }
        return Arm(period, now => now + Math.Max(0, dueTime.Ticks));
    }

    /// <summary>Fires once at the simulated moment <paramref name="at"/> (now, if it has passed: time never goes back).</summary>
    public bool ChangeAt(DateTimeOffset at) => Arm(Timeout.InfiniteTimeSpan, now => Math.Max(at.UtcTicks, now));

    // the new version is taken inside the clock's lock, after "now" was read while the old entry still bounded it
    private bool Arm(TimeSpan period, Func<long, long> dueFromNow)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return false;
            }
        }
        clock.Schedule(this, () => NextVersion(period), dueFromNow);
        return true;
    }

    private long NextVersion(TimeSpan period)
    {
        lock (_gate)
        {
            _period = period;
            return ++_version;
        }
    }

    /// <summary>Stops the timer from firing until it is changed again.</summary>
    public void Cancel()
    {
        lock (_gate)
        {
            _version++;
        }
    }

    public bool IsScheduled(long version)
    {
        lock (_gate)
        {
            return !_disposed && _version == version;
        }
    }

    public void Fire(long version, long dueTicks)
    {
        TimeSpan period;
        lock (_gate)
        {
            if (_disposed || _version != version)
            {
                return;
            }
            period = _period;
            if (period <= TimeSpan.Zero || period == Timeout.InfiniteTimeSpan)
            {
                // a one-shot timer: the version moves on so it can never fire twice
                _version++;
                period = TimeSpan.Zero;
            }
        }
        if (period > TimeSpan.Zero)
        {
            clock.Reschedule(this, version, dueTicks, period);
        }
        callback(state);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
