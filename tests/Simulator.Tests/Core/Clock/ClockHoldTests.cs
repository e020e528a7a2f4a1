using Microsoft.Extensions.Time.Testing;
using Simulator.Core.Clock;

namespace Simulator.Tests.Core.Clock;

/// <summary>Holds of the simulation clock: each released once, bounded ones letting go by themselves, and the longest one noted.</summary>
public sealed class ClockHoldTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 26, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_hold_released_twice_does_not_release_another_holders_hold()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 60);
        var first = clock.Hold();
        using var second = clock.Hold();

        first.Dispose();
        first.Dispose();
        real.Advance(TimeSpan.FromSeconds(10));

        Assert.True(clock.IsHeld);
        Assert.Equal(Start, clock.GetUtcNow());
    }

    [Fact]
    public void A_bounded_hold_released_early_lets_time_go_on_at_once()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 60);

        clock.Hold(TimeSpan.FromSeconds(5)).Dispose();
        real.Advance(TimeSpan.FromSeconds(1));

        Assert.False(clock.IsHeld);
        Assert.Equal(Start.AddMinutes(1), clock.GetUtcNow());
    }

    [Fact]
    public void A_bounded_hold_not_released_lets_go_at_its_bound()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 60);
        using var hold = clock.Hold(TimeSpan.FromSeconds(5));

        real.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromTicks(1));
        Assert.True(clock.IsHeld);
        real.Advance(TimeSpan.FromTicks(1));
        Assert.False(clock.IsHeld);
        real.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(Start.AddMinutes(1), clock.GetUtcNow());
    }

    [Fact]
    public void The_longest_hold_is_the_longest_single_hold_in_real_time_until_reset()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 60);
        Assert.Equal(TimeSpan.Zero, clock.LongestHold);

        HoldFor(clock, real, TimeSpan.FromMilliseconds(100));
        HoldFor(clock, real, TimeSpan.FromMilliseconds(300));
        HoldFor(clock, real, TimeSpan.FromMilliseconds(50));
        Assert.Equal(TimeSpan.FromMilliseconds(300), clock.LongestHold);

        clock.ResetLongestHold();
        Assert.Equal(TimeSpan.Zero, clock.LongestHold);
        HoldFor(clock, real, TimeSpan.FromMilliseconds(20));
        Assert.Equal(TimeSpan.FromMilliseconds(20), clock.LongestHold);
    }

    [Fact]
    public void A_bounded_hold_that_lets_go_by_itself_counts_as_held_for_its_bound()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 60);
        var hold = clock.Hold(TimeSpan.FromMilliseconds(250));

        real.Advance(TimeSpan.FromMilliseconds(250));
        real.Advance(TimeSpan.FromSeconds(3));
        hold.Dispose();

        Assert.Equal(TimeSpan.FromMilliseconds(250), clock.LongestHold);
    }

    private static void HoldFor(SimulationClock clock, FakeTimeProvider real, TimeSpan length)
    {
        var hold = clock.Hold();
        real.Advance(length);
        hold.Dispose();
    }
}
