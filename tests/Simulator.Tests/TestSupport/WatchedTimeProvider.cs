namespace Simulator.Tests.TestSupport;

/// <summary>
/// A time provider over another that knows which of its timers are still waiting, so a test can
/// await "the code under test is now waiting for N seconds" before it advances a fake time.
/// </summary>
public sealed class WatchedTimeProvider(TimeProvider inner) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly HashSet<WatchedTimer> _waiting = [];
    private readonly SemaphoreSlim _changed = new(0);

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new WatchedTimer(this, dueTime, period);
        Track(timer, waiting: true);
        timer.Inner = inner.CreateTimer(
            s =>
            {
                timer.OnFired();
                callback(s);
            },
            state,
            dueTime,
            period);
        return timer;
    }

    /// <summary>Waits until a timer of exactly <paramref name="dueTime"/> is waiting (a real-time guard, not a sleep).</summary>
    public async Task WaitForWaitingTimerAsync(TimeSpan dueTime, TimeSpan? timeout = null)
    {
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (!HasWaitingTimer(dueTime))
        {
            await _changed.WaitAsync(limit.Token);
        }
    }

    public bool HasWaitingTimer(TimeSpan dueTime)
    {
        lock (_gate)
        {
            return _waiting.Any(t => t.DueTime == dueTime);
        }
    }

    private void Track(WatchedTimer timer, bool waiting)
    {
        lock (_gate)
        {
            if (waiting)
            {
                _waiting.Add(timer);
            }
            else
            {
                _waiting.Remove(timer);
            }
        }
        _changed.Release();
    }

    private sealed class WatchedTimer(WatchedTimeProvider owner, TimeSpan dueTime, TimeSpan period) : ITimer
    {
        public ITimer? Inner { get; set; }

        public TimeSpan DueTime { get; private set; } = dueTime;

        private TimeSpan Period { get; set; } = period;

        public void OnFired()
        {
            if (Period <= TimeSpan.Zero || Period == Timeout.InfiniteTimeSpan)
            {
                owner.Track(this, waiting: false);
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            DueTime = dueTime;
            Period = period;
            owner.Track(this, waiting: dueTime != Timeout.InfiniteTimeSpan);
            return Inner!.Change(dueTime, period);
        }

        public void Dispose()
        {
            owner.Track(this, waiting: false);
            Inner?.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
