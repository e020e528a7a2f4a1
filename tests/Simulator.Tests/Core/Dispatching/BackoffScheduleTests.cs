using Microsoft.Extensions.Options;
using Simulator.Core;
using Simulator.Core.Dispatching;

namespace Simulator.Tests.Core.Dispatching;

/// <summary>The retry schedule on its own (no host): the waits, the jitter, the window's end, the preview the README shows.</summary>
public sealed class BackoffScheduleTests
{
    private static readonly DateTimeOffset First = new(2026, 3, 26, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_nominal_waits_grow_by_the_factor_up_to_the_cap_and_stay_there()
    {
        var schedule = Schedule();

        Assert.Equal(
            [5, 20, 80, 320, 1280, 5120, 10800, 10800, 10800],
            Enumerable.Range(1, 9).Select(n => schedule.NominalDelayAfter(n).TotalSeconds));
        Assert.Equal(TimeSpan.FromHours(3), schedule.NominalDelayAfter(BackoffSchedule.MaxAttempts + 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.NominalDelayAfter(0));
        Assert.Equal(TimeSpan.FromHours(12), schedule.RetryWindow);
    }

    [Fact]
    public void A_schedule_needs_its_settings()
    {
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => new BackoffSchedule(null!)).ParamName);
    }

    [Fact]
    public void Without_jitter_every_wait_is_the_nominal_one()
    {
        var schedule = Schedule(o => o.Jitter = 0);

        Assert.All(Enumerable.Range(1, 9), n => Assert.Equal(schedule.NominalDelayAfter(n), schedule.DelayAfter(42, n)));
    }

    [Fact]
    public void The_jitter_of_a_delivery_is_pinned_so_its_schedule_is_the_same_after_a_restart_and_across_versions()
    {
        var schedule = Schedule();

        Assert.Equal([5, 19, 77, 327, 1365, 5238, 10800, 9728], Enumerable.Range(1, 8).Select(n => schedule.DelayAfter(17, n).TotalSeconds));
        Assert.Equal([5, 19, 74, 299, 1270, 5132, 10425, 9846], Enumerable.Range(1, 8).Select(n => schedule.DelayAfter(18, n).TotalSeconds));
    }

    [Fact]
    public void The_jitter_varies_a_wait_both_ways_within_its_fraction_and_never_past_the_cap()
    {
        var schedule = Schedule(o => o.Jitter = 0.5);
        var waits = Enumerable.Range(1, 500).Select(id => schedule.DelayAfter(id, 4).TotalSeconds).ToList(); // nominal 320 s
        var capped = Enumerable.Range(1, 500).Select(id => schedule.DelayAfter(id, 7)).ToList(); // nominal 3 h, the cap

        Assert.All(waits, w => Assert.InRange(w, 160, 480));
        Assert.Contains(waits, w => w < 200);
        Assert.Contains(waits, w => w > 440);
        Assert.All(capped, w => Assert.InRange(w, TimeSpan.FromHours(1.5), TimeSpan.FromHours(3)));
        Assert.Contains(capped, w => w == TimeSpan.FromHours(3));
        Assert.Contains(capped, w => w < TimeSpan.FromHours(2));
    }

    [Fact]
    public void The_next_attempt_follows_the_last_by_its_wait_and_one_past_the_window_falls_at_its_end()
    {
        var schedule = Schedule(o => o.Jitter = 0);
        var end = First + TimeSpan.FromHours(12);

        Assert.Equal(First.AddSeconds(5), schedule.NextAttemptAt(1, 1, First, First));
        Assert.Equal(First.AddHours(2).AddSeconds(20), schedule.NextAttemptAt(1, 2, First, First.AddHours(2)));
        Assert.Equal(end, schedule.NextAttemptAt(1, 8, First, First.AddHours(10)));
        Assert.Equal(end, schedule.NextAttemptAt(1, 2, First, end.AddSeconds(-20))); // due exactly at the end
        Assert.Equal(end, schedule.NextAttemptAt(1, 2, First, end.AddSeconds(-1)));
    }

    [Fact]
    public void After_an_attempt_at_the_window_s_end_or_past_it_there_is_none_and_the_delivery_fails()
    {
        var schedule = Schedule();
        var end = First + TimeSpan.FromHours(12);

        Assert.Null(schedule.NextAttemptAt(1, 10, First, end));
        Assert.Null(schedule.NextAttemptAt(1, 10, First, end.AddMinutes(3))); // a retry made late (the simulator was stopped)
        Assert.NotNull(schedule.NextAttemptAt(1, 10, First, end.AddTicks(-1)));
    }

    [Fact]
    public void No_delivery_gets_more_than_MaxAttempts_attempts()
    {
        var schedule = Schedule();

        Assert.NotNull(schedule.NextAttemptAt(1, BackoffSchedule.MaxAttempts - 1, First, First.AddHours(1)));
        Assert.Null(schedule.NextAttemptAt(1, BackoffSchedule.MaxAttempts, First, First.AddHours(1)));
    }

    [Fact]
    public void The_preview_lists_each_attempt_with_its_wait_and_its_time_and_the_last_at_the_window_s_end()
    {
        var preview = Schedule().Preview();

        Assert.Equal(
            [
                (1, 0, 0), (2, 5, 5), (3, 20, 25), (4, 80, 105), (5, 320, 425), (6, 1280, 1705), (7, 5120, 6825),
                (8, 10800, 17625), (9, 10800, 28425), (10, 10800, 39225), (11, 3975, 43200),
            ],
            preview.Select(r => (r.Attempt, (int)r.Wait.TotalSeconds, (int)r.At.TotalSeconds)));
    }

    [Fact]
    public void A_window_the_waits_fill_exactly_ends_with_its_last_attempt()
    {
        var preview = Schedule(o => o.RetryWindow = TimeSpan.FromSeconds(25)).Preview();

        Assert.Equal([(1, 0, 0), (2, 5, 5), (3, 20, 25)], preview.Select(r => (r.Attempt, (int)r.Wait.TotalSeconds, (int)r.At.TotalSeconds)));
    }

    [Fact]
    public void A_preview_of_tiny_waits_over_a_long_window_stops_at_MaxAttempts()
    {
        var preview = Schedule(o => (o.BaseDelay, o.BackoffFactor, o.MaxDelay) = (TimeSpan.FromSeconds(1), 1, TimeSpan.FromSeconds(1))).Preview();

        Assert.Equal(BackoffSchedule.MaxAttempts, preview.Count);
        Assert.Equal((BackoffSchedule.MaxAttempts, TimeSpan.FromSeconds(BackoffSchedule.MaxAttempts - 1)), (preview[^1].Attempt, preview[^1].At));
    }

    private static BackoffSchedule Schedule(Action<DeliveryOptions>? configure = null)
    {
        var options = new SimulatorOptions();
        configure?.Invoke(options.Delivery);
        return new BackoffSchedule(Options.Create(options));
    }
}
