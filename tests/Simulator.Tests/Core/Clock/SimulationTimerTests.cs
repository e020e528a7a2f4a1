using Microsoft.Extensions.Time.Testing;
using Simulator.Core.Clock;

namespace Simulator.Tests.Core.Clock;

/// <summary>A simulation-clock timer's own rules: changes, cancels, disposal, past and negative due times, periods.</summary>
public sealed class SimulationTimerTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 26, 14, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Once = Timeout.InfiniteTimeSpan;

    [Fact]
    public void A_timer_changed_to_never_does_not_fire_and_is_not_pending()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 60);
        var log = new FiringLog(clock);
        using var timer = clock.CreateTimer(log.Record, "stopped", TimeSpan.FromMinutes(1), Once);

        Assert.True(timer.Change(Timeout.InfiniteTimeSpan, Once));
        clock.Advance(TimeSpan.FromHours(1));

        Assert.Empty(log.Entries);
        Assert.Equal(0, clock.PendingTimerCount);
        Assert.Null(clock.NextTimerDueAt);
    }

    [Fact]
    public void A_disposed_timer_refuses_changes()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 60);
        var log = new FiringLog(clock);
        var timer = clock.CreateTimer(log.Record, "gone", TimeSpan.FromMinutes(1), Once);

        timer.Dispose();

        Assert.False(timer.Change(TimeSpan.FromMinutes(2), Once));
        Assert.False(timer.Change(Timeout.InfiniteTimeSpan, Once));
        Assert.False(((SimulationTimer)timer).ChangeAt(Start.AddMinutes(3)));
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Empty(log.Entries);
    }

    [Fact]
    public async Task A_timer_disposed_asynchronously_never_fires()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 60);
        var log = new FiringLog(clock);
        var timer = clock.CreateTimer(log.Record, "gone", TimeSpan.FromMinutes(1), Once);

        await timer.DisposeAsync();
        clock.Advance(TimeSpan.FromHours(1));

        Assert.Empty(log.Entries);
        Assert.Equal(0, clock.PendingTimerCount);
    }

    [Fact]
    public void A_negative_due_time_fires_now_never_before_now()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 0);
        var log = new FiringLog(clock);
        using var timer = clock.CreateTimer(log.Record, "late", TimeSpan.FromMinutes(5), Once);

        timer.Change(TimeSpan.FromTicks(-1), Once);

        Assert.Equal(Start, clock.NextTimerDueAt);
        clock.Advance(TimeSpan.Zero);
        Assert.Equal([("late", Start)], log.Entries);
    }

    [Fact]
    public void A_timer_moved_to_a_past_moment_fires_at_now()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 0);
        var log = new FiringLog(clock);
        var timer = (SimulationTimer)clock.CreateTimer(log.Record, "past", TimeSpan.FromMinutes(5), Once);

        Assert.True(timer.ChangeAt(Start.AddHours(-2)));

        Assert.Equal(Start, clock.NextTimerDueAt);
        clock.Advance(TimeSpan.Zero);
        Assert.Equal([("past", Start)], log.Entries);
        timer.Dispose();
    }

    [Fact]
    public void A_timer_moved_to_a_later_moment_fires_there()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 0);
        var log = new FiringLog(clock);
        var timer = (SimulationTimer)clock.CreateTimer(log.Record, "later", Once, Once);

        timer.ChangeAt(Start.AddHours(2));

        Assert.Equal(Start.AddHours(2), clock.NextTimerDueAt);
        clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal([("later", Start.AddHours(2))], log.Entries);
        timer.Dispose();
    }

    [Fact]
    public void A_zero_period_is_a_one_shot_timer()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 60);
        var log = new FiringLog(clock);
        using var timer = clock.CreateTimer(log.Record, "once", TimeSpan.FromMinutes(1), TimeSpan.Zero);

        clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal([("once", Start.AddMinutes(1))], log.Entries);
        Assert.Equal(0, clock.PendingTimerCount);
    }

    [Fact]
    public void A_timer_changed_to_never_keeps_its_new_period_for_the_next_change()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 60);
        var log = new FiringLog(clock);
        using var timer = clock.CreateTimer(log.Record, "tick", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));

        timer.Change(Timeout.InfiniteTimeSpan, TimeSpan.FromMinutes(10));
        clock.Advance(TimeSpan.FromMinutes(5));
        timer.Change(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10));
        clock.Advance(TimeSpan.FromMinutes(30));

        Assert.Equal([Start.AddMinutes(15), Start.AddMinutes(25), Start.AddMinutes(35)], log.Entries.Select(e => e.At));
    }

    [Fact]
    public void A_timer_moved_then_stopped_never_fires_at_either_moment()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 0);
        var log = new FiringLog(clock);
        var timer = (SimulationTimer)clock.CreateTimer(log.Record, "changed", TimeSpan.FromMinutes(10), Once);
        using var cancelled = (SimulationTimer)clock.CreateTimer(log.Record, "cancelled", TimeSpan.FromMinutes(10), Once);

        timer.Change(TimeSpan.FromMinutes(20), Once);
        timer.Change(Timeout.InfiniteTimeSpan, Once);
        cancelled.ChangeAt(Start.AddMinutes(20));
        cancelled.Cancel();
        clock.Advance(TimeSpan.FromHours(1));

        Assert.Empty(log.Entries);
        Assert.Equal(0, clock.PendingTimerCount);
        timer.Dispose();
    }

    [Fact]
    public void A_one_shot_timer_moved_earlier_fires_once_not_again_at_its_old_moment()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 0);
        var log = new FiringLog(clock);
        using var timer = clock.CreateTimer(log.Record, "moved", TimeSpan.FromMinutes(10), Once);

        timer.Change(TimeSpan.FromMinutes(5), Once);
        clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal([("moved", Start.AddMinutes(5))], log.Entries);
    }

    [Fact]
    public void A_stale_firing_of_a_cancelled_version_does_nothing()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 0);
        var log = new FiringLog(clock);
        var timer = (SimulationTimer)clock.CreateTimer(log.Record, "cancelled", TimeSpan.FromMinutes(1), Once);

        Assert.True(timer.IsScheduled(1));
        timer.Cancel();
        Assert.False(timer.IsScheduled(1));
        timer.Fire(1, Start.AddMinutes(1).UtcTicks);

        Assert.Empty(log.Entries);
        Assert.Equal(0, clock.PendingTimerCount);
        timer.Dispose();
        Assert.False(timer.IsScheduled(2));
    }
}
