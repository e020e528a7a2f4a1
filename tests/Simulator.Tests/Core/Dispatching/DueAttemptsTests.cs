using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Simulator.Core;
using Simulator.Core.Clock;
using Simulator.Core.Dispatching;

namespace Simulator.Tests.Core.Dispatching;

/// <summary>The waiting deliveries of the schedule: by due time, then with a slot of their endpoint or in its line.</summary>
public sealed class DueAttemptsTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 26, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Due_attempts_leave_with_a_slot_of_their_endpoint_and_the_others_wait_in_its_line()
    {
        using var rig = new Rig(perEndpoint: 1);
        rig.Attempts.Set(1, 7, Start);
        rig.Attempts.Set(2, 7, Start.AddSeconds(1));
        rig.Attempts.Set(3, 8, Start.AddSeconds(2));
        rig.Attempts.Set(4, 7, Start.AddHours(1));

        var taken = rig.Attempts.TakeDue(Start.AddMinutes(1));

        Assert.Equal([(1L, 7, Start), (3L, 8, Start.AddSeconds(2))], taken.Select(a => (a.DeliveryId, a.EndpointId, a.Due)));
        Assert.Equal(new DueEntry(1, Start, 7), taken[0].Entry);
        Assert.Equal(2, rig.Attempts.Count); // 2 in endpoint 7's line, 4 due later
        Assert.True(rig.Attempts.Contains(2));
        Assert.False(rig.Attempts.Contains(1));
        Assert.Equal(rig.Clock.GetUtcNow(), rig.Attempts.NextAt); // one waits in a line: due already
        Assert.Equal(Start.AddHours(1), rig.Attempts.NextTimerAt);
        Assert.Equal((1, true), (rig.Tracker.Busy, rig.Clock.IsHeld));
    }

    [Fact]
    public void A_freed_slot_puts_the_first_of_the_line_back_on_the_schedule_and_the_wait_ends_once_the_lines_are_empty()
    {
        using var rig = new Rig(perEndpoint: 1);
        rig.Attempts.Set(1, 7, Start);
        rig.Attempts.Set(2, 7, Start.AddSeconds(1));
        var first = Assert.Single(rig.Attempts.TakeDue(Start.AddSeconds(1)));
        Assert.True(rig.Attempts.SlotFreed(7)); // someone waits, but no slot of 7 is free yet: nobody leaves
        Assert.Null(rig.Attempts.NextTimerAt);

        first.Slot.Dispose();
        Assert.True(rig.Attempts.SlotFreed(7));
        Assert.Equal(Start.AddSeconds(1), rig.Attempts.NextTimerAt);
        Assert.Equal(Start.AddSeconds(1), rig.Attempts.NextAt);
        Assert.Equal((1, true), (rig.Tracker.Busy, rig.Clock.IsHeld)); // until the caller re-armed

        rig.Attempts.EndLinesIfEmpty();
        Assert.Equal((0, false), (rig.Tracker.Busy, rig.Clock.IsHeld));
        var second = Assert.Single(rig.Attempts.TakeDue(Start.AddSeconds(1)));
        Assert.Equal(2, second.DeliveryId);
        Assert.Equal(0, rig.Attempts.Count);
        Assert.False(rig.Attempts.SlotFreed(7));
    }

    [Fact]
    public void Setting_an_attempt_waiting_in_a_line_moves_it_out_of_the_line_to_its_new_time()
    {
        using var rig = new Rig(perEndpoint: 1);
        rig.Attempts.Set(1, 7, Start);
        rig.Attempts.Set(2, 7, Start);
        _ = rig.Attempts.TakeDue(Start);

        rig.Attempts.Set(2, 7, Start.AddHours(2));

        Assert.Equal(1, rig.Attempts.Count);
        Assert.Equal(Start.AddHours(2), rig.Attempts.NextAt);
        Assert.Equal((0, false), (rig.Tracker.Busy, rig.Clock.IsHeld));
    }

    [Fact]
    public void Removing_says_whether_it_was_waiting_for_its_time_or_in_a_line()
    {
        using var rig = new Rig(perEndpoint: 1);
        rig.Attempts.Set(1, 7, Start);
        rig.Attempts.Set(2, 7, Start);
        rig.Attempts.Set(3, 7, Start.AddHours(1));
        _ = rig.Attempts.TakeDue(Start);

        Assert.True(rig.Attempts.Remove(2)); // in the line
        Assert.True(rig.Attempts.Remove(3)); // due later
        Assert.False(rig.Attempts.Remove(1)); // taken
        Assert.Equal(0, rig.Attempts.Count);
        Assert.Null(rig.Attempts.NextAt);
    }

    [Fact]
    public void A_put_back_entry_does_not_replace_what_a_commit_placed_since()
    {
        using var rig = new Rig();
        rig.Attempts.Set(1, 7, Start.AddHours(3));

        rig.Attempts.PutBack(new DueEntry(1, Start, 7));
        rig.Attempts.PutBack(new DueEntry(2, Start.AddMinutes(5), 8));

        Assert.Equal(Start.AddMinutes(5), rig.Attempts.NextTimerAt);
        Assert.Equal([(2L, 8)], rig.Attempts.TakeDue(Start.AddHours(1)).Select(a => (a.DeliveryId, a.EndpointId)));
        Assert.True(rig.Attempts.Contains(1));
    }

    [Fact]
    public void An_attempt_outside_the_window_is_not_kept_and_one_set_earlier_is_dropped()
    {
        var window = new Window(Start.AddHours(1));
        using var rig = new Rig(window: window);
        rig.Attempts.Set(1, 7, Start.AddMinutes(30));
        rig.Attempts.Set(2, 7, Start.AddMinutes(20));

        rig.Attempts.Set(1, 7, Start.AddHours(2));
        rig.Attempts.Set(3, 7, Start.AddHours(3));

        Assert.Equal([(Start.AddMinutes(30), 0), (Start.AddMinutes(20), 1), (Start.AddHours(2), 2), (Start.AddHours(3), 1)], window.Asked);
        Assert.False(rig.Attempts.Contains(1));
        Assert.False(rig.Attempts.Contains(3));
        Assert.Equal(1, rig.Attempts.Count);
    }

    private sealed class Window(DateTimeOffset until) : IDueWindow
    {
        public List<(DateTimeOffset Due, int Waiting)> Asked { get; } = [];

        public bool Admits(DateTimeOffset due, int waiting)
        {
            Asked.Add((due, waiting));
            return due <= until;
        }
    }

    private sealed class Rig : IDisposable
    {
        public Rig(int perEndpoint = 8, IDueWindow? window = null)
        {
            var options = Options.Create(new SimulatorOptions { Delivery = { MaxConcurrencyPerEndpoint = perEndpoint } });
            Clock = new SimulationClock(new FakeTimeProvider(Start), 60);
            Attempts = new DueAttempts(Clock, Tracker, new DeliveryConcurrency(options), TimeSpan.FromMilliseconds(250), window);
        }

        public SimulationClock Clock { get; }

        public WorkTracker Tracker { get; } = new();

        public DueAttempts Attempts { get; }

        public void Dispose() => Clock.Dispose();
    }
}
