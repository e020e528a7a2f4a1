using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Simulator.Core.Clock;

namespace Simulator.Tests.Core.Clock;

public sealed class SimulationControlTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 26, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AdvanceAsync_waits_for_the_work_that_falls_due_and_runs_the_waits_it_starts_within_the_jump()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 60);
        var tracker = new WorkTracker();
        var time = new TrackedTimeProvider(clock, tracker);
        var control = new SimulationControl(clock, tracker);
        var steps = new ConcurrentQueue<(string Step, DateTimeOffset At)>();

        tracker.Enter();
        var work = Task.Run(async () =>
        {
            try
            {
                await time.DelayUntilAsync(Start.AddHours(1), CancellationToken.None);
                await Task.Yield();
                steps.Enqueue(("attempt", clock.GetUtcNow()));
                await Task.Delay(TimeSpan.FromMinutes(30), time);
                await Task.Yield();
                steps.Enqueue(("retry", clock.GetUtcNow()));
            }
            finally
            {
                tracker.Exit();
            }
        });

        await control.AdvanceAsync(TimeSpan.FromHours(2));

        Assert.True(work.IsCompleted);
        Assert.Equal([("attempt", Start.AddHours(1)), ("retry", Start.AddHours(1.5))], steps);
        Assert.Equal(Start.AddHours(2), clock.GetUtcNow());
        Assert.Equal(0, tracker.Busy);
    }

    [Fact]
    public async Task AdvanceAsync_leaves_work_due_after_the_target_waiting()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 60);
        var tracker = new WorkTracker();
        var time = new TrackedTimeProvider(clock, tracker);
        var control = new SimulationControl(clock, tracker);

        tracker.Enter();
        var work = Task.Run(async () =>
        {
            try
            {
                await time.DelayUntilAsync(Start.AddHours(3), CancellationToken.None);
            }
            finally
            {
                tracker.Exit();
            }
        });

        await control.AdvanceAsync(TimeSpan.FromHours(2));
        Assert.False(work.IsCompleted);
        Assert.Equal(Start.AddHours(3), clock.NextTimerDueAt);

        await control.AdvanceAsync(TimeSpan.FromHours(1));
        await work;
    }

    [Fact]
    public async Task A_cancelled_tracked_wait_counts_as_busy_again_until_its_work_ends()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 60);
        var tracker = new WorkTracker();
        var time = new TrackedTimeProvider(clock, tracker);
        using var cancel = new CancellationTokenSource();

        tracker.Enter();
        var wait = time.DelayUntilAsync(Start.AddHours(1), cancel.Token);
        Assert.Equal(0, tracker.Busy);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        Assert.Equal(1, tracker.Busy);
        tracker.Exit();
        await tracker.WhenIdleAsync();
    }
}
