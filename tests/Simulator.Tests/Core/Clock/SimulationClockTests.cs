using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Simulator.Core;
using Simulator.Core.Clock;

namespace Simulator.Tests.Core.Clock;

public sealed class SimulationClockTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 26, 14, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Once = Timeout.InfiniteTimeSpan;

    [Theory]
    [InlineData(1)]
    [InlineData(60)]
    [InlineData(3600)]
    public void A_timer_fires_when_real_time_brings_the_simulated_clock_to_its_due_time(double speed)
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, speed);
        var log = new FiringLog(clock);
        using var timer = clock.CreateTimer(log.Record, "in an hour", TimeSpan.FromHours(1), Once);
        var realWait = TimeSpan.FromHours(1) / speed;

        real.Advance(realWait - TimeSpan.FromMilliseconds(1));
        Assert.Empty(log.Entries);
        Assert.Equal(Start + ((realWait - TimeSpan.FromMilliseconds(1)) * speed), clock.GetUtcNow());

        real.Advance(TimeSpan.FromMilliseconds(1));
        var fired = Assert.Single(log.Entries);
        Assert.Equal(Start.AddHours(1), fired.At);
        Assert.Equal(Start.AddHours(1), clock.GetUtcNow());
    }

    [Fact]
    public void Speeding_up_re_times_a_pending_timer()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 1);
        var log = new FiringLog(clock);
        using var timer = clock.CreateTimer(log.Record, "in an hour", TimeSpan.FromHours(1), Once);

        real.Advance(TimeSpan.FromMinutes(30));
        clock.SetSpeed(60);
        real.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty(log.Entries);

        real.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([("in an hour", Start.AddHours(1))], log.Entries);
    }

    [Fact]
    public void Slowing_down_re_times_a_pending_timer()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 60);
        var log = new FiringLog(clock);
        using var timer = clock.CreateTimer(log.Record, "in an hour", TimeSpan.FromHours(1), Once);

        real.Advance(TimeSpan.FromSeconds(30));
        clock.SetSpeed(1);
        real.Advance(TimeSpan.FromSeconds(30));
        Assert.Empty(log.Entries);
        Assert.Equal(Start.AddMinutes(30).AddSeconds(30), clock.GetUtcNow());

        real.Advance(TimeSpan.FromMinutes(29) + TimeSpan.FromSeconds(30));
        Assert.Equal([("in an hour", Start.AddHours(1))], log.Entries);
    }

    [Fact]
    public void Advance_fires_the_due_timers_in_order_each_once_at_its_own_moment()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 60);
        var log = new FiringLog(clock);
        using var third = clock.CreateTimer(log.Record, "3h", TimeSpan.FromHours(3), Once);
        using var first = clock.CreateTimer(log.Record, "1h", TimeSpan.FromHours(1), Once);
        using var second = clock.CreateTimer(log.Record, "2h", TimeSpan.FromHours(2), Once);
        using var later = clock.CreateTimer(log.Record, "5h", TimeSpan.FromHours(5), Once);

        clock.Advance(TimeSpan.FromHours(4));

        Assert.Equal([("1h", Start.AddHours(1)), ("2h", Start.AddHours(2)), ("3h", Start.AddHours(3))], log.Entries);
        Assert.Equal(Start.AddHours(4), clock.GetUtcNow());
        Assert.Equal(Start.AddHours(5), clock.NextTimerDueAt);

        clock.Advance(TimeSpan.FromHours(4));
        real.Advance(TimeSpan.FromHours(1));

        Assert.Equal(["1h", "2h", "3h", "5h"], log.Names);
        Assert.Null(clock.NextTimerDueAt);
    }

    [Fact]
    public void A_timer_due_at_the_same_moment_fires_in_the_order_it_was_created()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 60);
        var log = new FiringLog(clock);
        using var a = clock.CreateTimer(log.Record, "a", TimeSpan.FromMinutes(10), Once);
        using var b = clock.CreateTimer(log.Record, "b", TimeSpan.FromMinutes(10), Once);

        clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(["a", "b"], log.Names);
    }

    [Fact]
    public void A_periodic_timer_fires_once_per_period_at_each_period_boundary()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 60);
        var log = new FiringLog(clock);
        var timer = clock.CreateTimer(log.Record, "tick", TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10));

        clock.Advance(TimeSpan.FromMinutes(35));
        Assert.Equal([Start.AddMinutes(10), Start.AddMinutes(20), Start.AddMinutes(30)], log.Entries.Select(e => e.At));

        real.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(4, log.Entries.Count);
        Assert.Equal(Start.AddMinutes(40), log.Entries[^1].At);

        timer.Dispose();
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(4, log.Entries.Count);
    }

    [Fact]
    public void A_disposed_timer_never_fires()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 1);
        var log = new FiringLog(clock);
        var timer = clock.CreateTimer(log.Record, "disposed", TimeSpan.FromMinutes(1), Once);
        using var kept = clock.CreateTimer(log.Record, "kept", TimeSpan.FromMinutes(2), Once);

        timer.Dispose();
        Assert.Equal(1, clock.PendingTimerCount);
        real.Advance(TimeSpan.FromMinutes(5));
        clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(["kept"], log.Names);
    }

    [Fact]
    public void A_changed_timer_fires_only_at_its_new_due_time()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 60);
        var log = new FiringLog(clock);
        using var timer = clock.CreateTimer(log.Record, "moved", TimeSpan.FromMinutes(10), Once);

        timer.Change(TimeSpan.FromMinutes(30), Once);
        clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Empty(log.Entries);

        clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal([("moved", Start.AddMinutes(30))], log.Entries);
    }

    [Fact]
    public void The_clock_never_reads_past_a_timer_that_has_not_fired()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 60);
        var log = new FiringLog(clock);
        using var timer = clock.CreateTimer(log.Record, "in a minute", TimeSpan.FromMinutes(1), Once);

        // real time jumps ten seconds (ten simulated minutes) without the real timer behind it waking up
        real.AdjustTime(Start.AddSeconds(10));
        Assert.Equal(Start.AddMinutes(1), clock.GetUtcNow());
        Assert.Empty(log.Entries);

        // the late wake-up fires the timer at its own moment; then the clock catches up with real time
        real.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([("in a minute", Start.AddMinutes(1))], log.Entries);
        Assert.Equal(Start.AddMinutes(11), clock.GetUtcNow());
    }

    [Fact]
    public async Task While_a_timer_fires_the_clock_reads_its_due_time_and_the_next_timer_waits()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 60);
        var log = new FiringLog(clock);
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        using var slow = clock.CreateTimer(
            _ =>
            {
                entered.Set();
                release.Wait(TimeSpan.FromSeconds(30));
            },
            null,
            TimeSpan.FromMinutes(1),
            Once);
        using var next = clock.CreateTimer(log.Record, "two minutes", TimeSpan.FromMinutes(2), Once);

        var advancing = Task.Run(() => real.Advance(TimeSpan.FromMinutes(10)));
        Assert.True(entered.Wait(TimeSpan.FromSeconds(30)));
        Assert.Equal(Start.AddMinutes(1), clock.GetUtcNow());
        Assert.Empty(log.Entries);

        release.Set();
        await advancing;
        Assert.Equal([("two minutes", Start.AddMinutes(2))], log.Entries);
        Assert.Equal(Start.AddMinutes(600), clock.GetUtcNow());
    }

    [Fact]
    public void Speed_zero_pauses_the_clock_but_an_advance_still_moves_it()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 60);
        var log = new FiringLog(clock);
        using var timer = clock.CreateTimer(log.Record, "in a minute", TimeSpan.FromMinutes(1), Once);

        real.Advance(TimeSpan.FromSeconds(0.5));
        clock.SetSpeed(0);
        real.Advance(TimeSpan.FromDays(1));
        Assert.Equal(Start.AddSeconds(30), clock.GetUtcNow());
        Assert.Empty(log.Entries);

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal([("in a minute", Start.AddMinutes(1))], log.Entries);
        Assert.Equal(Start.AddSeconds(90), clock.GetUtcNow());

        clock.SetSpeed(60);
        real.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(Start.AddSeconds(150), clock.GetUtcNow());
    }

    [Fact]
    public void A_clock_started_at_speed_zero_stands_still()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 0, Start.AddYears(-1));

        real.Advance(TimeSpan.FromHours(5));

        Assert.Equal(Start.AddYears(-1), clock.GetUtcNow());
        Assert.Equal(0, clock.Speed);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(1_000_001)]
    [InlineData(0.0001)]
    public void An_impossible_speed_is_refused(double speed)
    {
        using var clock = new SimulationClock(new FakeTimeProvider(Start), 60);

        Assert.Throws<ArgumentOutOfRangeException>(() => clock.SetSpeed(speed));
        Assert.Equal(60, clock.Speed);
    }

    [Fact]
    public void A_hold_stops_time_until_released_and_time_goes_on_from_there()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 60);
        real.Advance(TimeSpan.FromSeconds(1));

        var hold = clock.Hold();
        real.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(Start.AddMinutes(1), clock.GetUtcNow());
        Assert.True(clock.IsHeld);

        hold.Dispose();
        hold.Dispose(); // a second release is no release
        real.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(Start.AddMinutes(2), clock.GetUtcNow());
        Assert.False(clock.IsHeld);
    }

    [Fact]
    public void A_timer_due_now_fires_while_paused_and_a_later_one_waits_for_an_advance()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 0);
        using var fired = new SemaphoreSlim(0);
        using var now = clock.CreateTimer(_ => fired.Release(), null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        Assert.True(fired.Wait(TimeSpan.FromSeconds(30)), "a timer due now did not fire while the clock was paused");

        using var later = clock.CreateTimer(_ => fired.Release(), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        real.Advance(TimeSpan.FromDays(1));
        Assert.False(fired.Wait(TimeSpan.FromMilliseconds(50)));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, clock.PendingTimerCount);
    }

    [Fact]
    public void At_the_slowest_speed_a_wait_longer_than_a_real_timer_can_hold_is_taken_in_steps()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, ClockOptions.MinSpeed);
        var fired = new ConcurrentQueue<DateTimeOffset>();
        // three simulated hours at 0.001x: 125 real days, beyond a real timer's 49.7-day limit
        using var timer = clock.CreateTimer(_ => fired.Enqueue(clock.GetUtcNow()), null, TimeSpan.FromHours(3), Timeout.InfiniteTimeSpan);

        for (var day = 0; day < 124; day++)
        {
            real.Advance(TimeSpan.FromDays(1));
        }
        Assert.Empty(fired);
        for (var hour = 0; hour < 48 && fired.IsEmpty; hour++)
        {
            real.Advance(TimeSpan.FromHours(1));
        }
        Assert.Equal([Start.AddHours(3)], fired);
    }

    [Theory]
    [InlineData(ClockOptions.MinSpeed)]
    [InlineData(ClockOptions.MaxSpeed)]
    public void The_clock_runs_and_advances_thirty_days_at_both_ends_of_the_speed_range(double speed)
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, speed);
        var fired = new ConcurrentQueue<DateTimeOffset>();
        using var soon = clock.CreateTimer(_ => fired.Enqueue(clock.GetUtcNow()), null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        using var late = clock.CreateTimer(_ => fired.Enqueue(clock.GetUtcNow()), null, TimeSpan.FromDays(29), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromDays(30));

        Assert.Equal([Start.AddSeconds(5), Start.AddDays(29)], fired);
        Assert.Equal(Start.AddDays(30), clock.GetUtcNow());
        real.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(Start.AddDays(30) + TimeSpan.FromSeconds(speed), clock.GetUtcNow());
    }
}
