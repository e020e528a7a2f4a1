using Microsoft.Extensions.Time.Testing;
using Simulator.Core;
using Simulator.Core.Clock;

namespace Simulator.Tests.Core.Clock;

/// <summary>The simulation clock's announcements, its end, and its real timer after holds and pauses.</summary>
public sealed class ClockLifecycleTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 26, 14, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Once = Timeout.InfiniteTimeSpan;

    [Fact]
    public void A_speed_change_and_an_advance_are_announced_after_they_took_effect()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 60);
        var seen = new List<(double Speed, DateTimeOffset Now)>();
        clock.Changed += (sender, _) => seen.Add((((SimulationClock)sender!).Speed, clock.GetUtcNow()));

        clock.SetSpeed(120);
        clock.Advance(TimeSpan.FromHours(1));
        clock.AdvanceTo(Start.AddHours(3));

        Assert.Equal([(120, Start), (120, Start.AddHours(1)), (120, Start.AddHours(3))], seen);
    }

    [Fact]
    public void A_refused_speed_or_advance_is_not_announced()
    {
        using var clock = new SimulationClock(new FakeTimeProvider(Start), 60);
        var changes = 0;
        clock.Changed += (_, _) => changes++;

        Assert.Throws<ArgumentOutOfRangeException>(() => clock.SetSpeed(-5));
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromTicks(-1)));

        Assert.Equal(0, changes);
        Assert.Equal(Start, clock.GetUtcNow());
    }

    [Fact]
    public void A_clock_reads_utc_and_knows_the_real_time_it_runs_over()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 60, Start.AddYears(-2));

        Assert.Same(real, clock.RealTime);
        Assert.Equal(TimeZoneInfo.Utc, clock.LocalTimeZone);
        Assert.Equal(Start.AddYears(-2), clock.GetUtcNow());
        Assert.Throws<ArgumentNullException>(() => new SimulationClock(null!, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimulationClock(real, -1));
        Assert.Throws<ArgumentNullException>(() => clock.CreateTimer(null!, null, TimeSpan.Zero, Once));
        Assert.Equal(0, clock.PendingTimerCount);
    }

    [Fact]
    public void An_impossible_speed_is_refused_naming_the_rule()
    {
        using var clock = new SimulationClock(new FakeTimeProvider(Start), 60);

        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => clock.SetSpeed(0.0001));

        Assert.Equal("speed", refused.ParamName);
        Assert.Contains(SimulationSpeedAttribute.Rule, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_disposed_clock_fires_nothing_and_arms_nothing()
    {
        var real = new FakeTimeProvider(Start);
        var clock = new SimulationClock(real, 60);
        var log = new FiringLog(clock);
        using var pending = clock.CreateTimer(log.Record, "pending", TimeSpan.FromMinutes(1), Once);

        clock.Dispose();
        using var created = clock.CreateTimer(log.Record, "created after", TimeSpan.FromMinutes(2), Once);
        real.Advance(TimeSpan.FromMinutes(10));

        Assert.Empty(log.Entries);
        Assert.Equal(0, clock.PendingTimerCount);
        Assert.Null(clock.NextTimerDueAt);
    }

    [Fact]
    public void A_timer_set_while_the_clock_is_held_fires_in_real_time_once_the_hold_ends()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 60);
        var log = new FiringLog(clock);
        var hold = clock.Hold();
        using var timer = clock.CreateTimer(log.Record, "in a minute", TimeSpan.FromMinutes(1), Once);
        real.Advance(TimeSpan.FromSeconds(5));
        Assert.Empty(log.Entries);

        hold.Dispose();
        real.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal([("in a minute", Start.AddMinutes(1))], log.Entries);
    }

    [Fact]
    public void A_timer_set_while_paused_fires_in_real_time_once_the_clock_runs_again()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 0);
        var log = new FiringLog(clock);
        using var timer = clock.CreateTimer(log.Record, "in a minute", TimeSpan.FromMinutes(1), Once);
        real.Advance(TimeSpan.FromDays(1));

        clock.SetSpeed(60);
        real.Advance(TimeSpan.FromSeconds(1) - TimeSpan.FromTicks(1));
        Assert.Empty(log.Entries);
        real.Advance(TimeSpan.FromTicks(1));

        Assert.Equal([("in a minute", Start.AddMinutes(1))], log.Entries);
    }

    [Fact]
    public void An_earlier_timer_re_arms_the_real_timer_and_a_later_one_does_not_delay_it()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 60);
        var log = new FiringLog(clock);
        using var late = clock.CreateTimer(log.Record, "late", TimeSpan.FromMinutes(10), Once);
        using var early = clock.CreateTimer(log.Record, "early", TimeSpan.FromMinutes(2), Once);
        using var middle = clock.CreateTimer(log.Record, "middle", TimeSpan.FromMinutes(5), Once);

        real.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal([("early", Start.AddMinutes(2))], log.Entries);
        real.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(["early", "middle"], log.Names);
        real.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(["early", "middle", "late"], log.Names);
    }
}
