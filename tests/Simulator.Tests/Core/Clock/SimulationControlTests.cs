using Microsoft.Extensions.Time.Testing;
using Simulator.Core.Clock;

namespace Simulator.Tests.Core.Clock;

/// <summary>Advancing the simulation and waiting for the work it makes due, alone or through a shared clock.</summary>
public sealed class SimulationControlTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 26, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task With_a_shared_clock_an_advance_goes_through_it_to_now_plus_the_delta()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 0);
        var shared = new RecordingAdvance();
        var control = new SimulationControl(clock, new WorkTracker(), shared);

        await control.AdvanceAsync(TimeSpan.FromHours(2));

        Assert.Equal([Start.AddHours(2)], shared.Targets);
        Assert.Equal(Start, clock.GetUtcNow()); // the shared advance moves the clocks, not this control
    }

    [Fact]
    public async Task A_negative_advance_is_refused_and_time_stays()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 0);
        var control = new SimulationControl(clock, new WorkTracker());

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => control.AdvanceAsync(TimeSpan.FromTicks(-1)));
        Assert.Equal(Start, clock.GetUtcNow());
        Assert.Same(clock, control.Clock);
    }

    [Fact]
    public async Task An_advance_waits_for_the_work_running_before_it_moves_time()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 0);
        var tracker = new WorkTracker();
        var control = new SimulationControl(clock, tracker);
        tracker.Enter();

        var advancing = control.AdvanceAsync(TimeSpan.FromHours(1));
        Assert.False(control.WhenIdleAsync().IsCompleted);
        Assert.False(advancing.IsCompleted);
        Assert.Equal(Start, clock.GetUtcNow());

        tracker.Exit();
        await advancing.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Start.AddHours(1), clock.GetUtcNow());
        Assert.True(control.WhenIdleAsync().IsCompleted);
    }

    [Fact]
    public async Task Work_a_timer_starts_runs_at_its_moment_and_a_timer_it_sets_within_the_jump_fires_too()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 0);
        var tracker = new WorkTracker();
        var control = new SimulationControl(clock, tracker);
        var log = new FiringLog(clock);
        ITimer? follow = null;
        using var first = clock.CreateTimer(
            _ =>
            {
                tracker.Enter();
                _ = Task.Run(async () =>
                {
                    await Task.Yield();
                    follow = clock.CreateTimer(log.Record, "follow-up", TimeSpan.FromMinutes(30), Timeout.InfiniteTimeSpan);
                    log.Record("work");
                    tracker.Exit();
                });
            },
            null,
            TimeSpan.FromHours(1),
            Timeout.InfiniteTimeSpan);
        using var beyond = clock.CreateTimer(log.Record, "beyond", TimeSpan.FromHours(3), Timeout.InfiniteTimeSpan);

        await control.AdvanceAsync(TimeSpan.FromHours(2)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([("work", Start.AddHours(1)), ("follow-up", Start.AddHours(1.5))], log.Entries);
        Assert.Equal(Start.AddHours(2), clock.GetUtcNow());
        Assert.Equal(Start.AddHours(3), clock.NextTimerDueAt);
        follow?.Dispose();
    }

    private sealed class RecordingAdvance : ISharedAdvance
    {
        public List<DateTimeOffset> Targets { get; } = [];

        public Task AdvanceToAsync(DateTimeOffset target, CancellationToken cancellationToken)
        {
            Targets.Add(target);
            return Task.CompletedTask;
        }
    }
}
