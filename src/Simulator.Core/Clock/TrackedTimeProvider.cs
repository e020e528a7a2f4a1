namespace Simulator.Core.Clock;

/// <summary>
/// The simulation clock as seen by tracked work (delivery retries, endpoint disabling): a piece
/// of work that waits on one of its timers stops counting as busy until the timer fires.
/// </summary>
public sealed class TrackedTimeProvider(SimulationClock clock, WorkTracker tracker) : TimeProvider
{
    public SimulationClock Clock => clock;

    public WorkTracker Tracker => tracker;

    public override DateTimeOffset GetUtcNow() => clock.GetUtcNow();

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new TrackedTimer(tracker, callback, state);
        timer.Inner = clock.CreateTimer(static s => ((TrackedTimer)s!).OnFired(), timer, dueTime, Timeout.InfiniteTimeSpan);
        // idle only once the clock knows the timer: an advance that sees no busy work must also see this wait
        tracker.Exit();
        return timer;
    }

    /// <summary>Waits on the simulation clock until <paramref name="at"/>, not counting as busy meanwhile.</summary>
    /// <remarks>
    /// Not <c>Task.Delay</c>: it counts whole milliseconds and drops the rest, so the wait would end
    /// up to a millisecond before <paramref name="at"/> (and a disabling due then would find itself early).
    /// </remarks>
    public async Task DelayUntilAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var wait = at - clock.GetUtcNow();
        if (wait <= TimeSpan.Zero)
        {
            return;
        }
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var timer = CreateTimer(static s => ((TaskCompletionSource)s!).TrySetResult(), reached, wait, Timeout.InfiniteTimeSpan);
        await using var registration = cancellationToken.Register(() =>
        {
            timer.Dispose();
            reached.TrySetCanceled(cancellationToken);
        });
        await reached.Task;
    }

    private sealed class TrackedTimer(WorkTracker tracker, TimerCallback callback, object? state) : ITimer
    {
        private const int Waiting = 0;
        private const int Fired = 1;
        private const int Stopped = 2;
        private int _state;

        public ITimer? Inner { get; set; }

        public void OnFired()
        {
            if (Interlocked.CompareExchange(ref _state, Fired, Waiting) == Waiting)
            {
                tracker.Enter();
                callback(state);
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan period) =>
            throw new NotSupportedException("Tracked timers are one-shot delays.");

        public void Dispose()
        {
            if (Interlocked.CompareExchange(ref _state, Stopped, Waiting) == Waiting)
            {
                // the waiter resumes (cancelled): it is busy again
                tracker.Enter();
            }
            Inner?.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
