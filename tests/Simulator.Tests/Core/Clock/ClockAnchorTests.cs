using Microsoft.Extensions.Time.Testing;
using Simulator.Core.Clock;

namespace Simulator.Tests.Core.Clock;

/// <summary>Where simulated time stands, on its own: the anchor, the speed, nested holds and the end of time.</summary>
public sealed class ClockAnchorTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 26, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Simulated_time_is_the_anchor_plus_the_real_time_since_times_the_speed()
    {
        var real = new FakeTimeProvider(Start);
        var anchor = new ClockAnchor(real, 60, Start.AddDays(-2));

        real.Advance(TimeSpan.FromSeconds(90));

        Assert.Equal(Start.AddDays(-2).AddMinutes(90), anchor.Now());
        Assert.False(anchor.IsStill);
        Assert.Equal(0, anchor.Holds);
    }

    [Fact]
    public void A_new_speed_applies_from_the_moment_it_is_set_not_to_the_time_before()
    {
        var real = new FakeTimeProvider(Start);
        var anchor = new ClockAnchor(real, 1, Start);
        real.Advance(TimeSpan.FromMinutes(10));

        anchor.SetSpeed(anchor.Now(), 60);
        real.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(60, anchor.Speed);
        Assert.Equal(Start.AddMinutes(11), anchor.Now());
    }

    [Fact]
    public void At_speed_zero_time_stands_still()
    {
        var real = new FakeTimeProvider(Start);
        var anchor = new ClockAnchor(real, 0, Start);

        real.Advance(TimeSpan.FromHours(3));

        Assert.True(anchor.IsStill);
        Assert.Equal(Start, anchor.Now());
    }

    [Fact]
    public void Holds_nest_the_first_holds_moment_stands_and_time_goes_on_from_it_after_the_last_release()
    {
        var real = new FakeTimeProvider(Start);
        var anchor = new ClockAnchor(real, 60, Start);
        real.Advance(TimeSpan.FromSeconds(1));

        anchor.Hold(anchor.Now());
        real.Advance(TimeSpan.FromSeconds(5));
        anchor.Hold(Start.AddHours(7)); // a second hold does not move the held moment
        Assert.Equal((2, true), (anchor.Holds, anchor.IsStill));
        Assert.Equal(Start.AddMinutes(1), anchor.Now());

        anchor.Release(anchor.Now());
        real.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal((1, true), (anchor.Holds, anchor.IsStill));
        Assert.Equal(Start.AddMinutes(1), anchor.Now());

        anchor.Release(anchor.Now());
        Assert.Equal((0, false), (anchor.Holds, anchor.IsStill));
        Assert.Equal(Start.AddMinutes(1), anchor.Now()); // it stood still: it does not jump
        real.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(Start.AddMinutes(2), anchor.Now());
    }

    [Fact]
    public void Simulated_time_stops_four_hundred_days_short_of_the_end_of_time()
    {
        var latest = DateTimeOffset.MaxValue.UtcDateTime.AddDays(-400);
        var real = new FakeTimeProvider(Start);
        var anchor = new ClockAnchor(real, 1_000_000, new DateTimeOffset(latest.AddDays(-1), TimeSpan.Zero));

        real.Advance(TimeSpan.FromSeconds(0.05)); // 50,000 simulated seconds: not there yet
        Assert.Equal(new DateTimeOffset(latest.AddDays(-1).AddSeconds(50_000), TimeSpan.Zero), anchor.Now());

        real.Advance(TimeSpan.FromDays(30));
        Assert.Equal(new DateTimeOffset(latest, TimeSpan.Zero), anchor.Now());
    }
}
