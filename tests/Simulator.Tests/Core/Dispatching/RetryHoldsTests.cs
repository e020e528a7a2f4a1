using Microsoft.Extensions.Time.Testing;
using Simulator.Core.Clock;
using Simulator.Core.Dispatching;

namespace Simulator.Tests.Core.Dispatching;

/// <summary>Retries that would fall due before their outcome is written: the clock held at their moment until it is.</summary>
public sealed class RetryHoldsTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 26, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_clock_is_held_from_a_retrys_moment_until_each_outcome_due_by_then_is_written()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 60);
        var holds = new RetryHolds(clock, TimeSpan.FromSeconds(5));
        holds.Add(1, Start.AddMinutes(1));
        holds.Add(2, Start.AddMinutes(1));
        holds.Add(3, Start.AddMinutes(9));
        Assert.Equal(Start.AddMinutes(1), holds.PeekDue());
        Assert.False(clock.IsHeld);

        holds.TakeDue(Start.AddMinutes(1));
        Assert.True(clock.IsHeld);
        Assert.Equal(Start.AddMinutes(9), holds.PeekDue());

        Assert.True(holds.Remove(1));
        Assert.True(clock.IsHeld); // 2's outcome is not written yet
        Assert.True(holds.Remove(2));
        Assert.False(clock.IsHeld);
        Assert.False(holds.Remove(2));
    }

    [Fact]
    public void An_outcome_written_before_its_retrys_moment_removes_it_without_holding_anything()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 60);
        var holds = new RetryHolds(clock, TimeSpan.FromSeconds(5));
        holds.Add(1, Start.AddMinutes(1));

        Assert.True(holds.Remove(1));
        holds.TakeDue(Start.AddMinutes(1));

        Assert.False(clock.IsHeld);
        Assert.Null(holds.PeekDue());
        Assert.False(holds.Remove(1));
    }

    [Fact]
    public void A_retry_hold_lets_go_at_its_bound_when_the_outcome_never_comes()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 60);
        var holds = new RetryHolds(clock, TimeSpan.FromSeconds(5));
        holds.Add(1, Start);

        holds.TakeDue(Start);
        real.Advance(TimeSpan.FromSeconds(5));

        Assert.False(clock.IsHeld);
        Assert.True(holds.Remove(1)); // the late outcome still finds its entry; releasing again changes nothing
        Assert.False(clock.IsHeld);
    }
}
