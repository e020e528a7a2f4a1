using Microsoft.Extensions.Time.Testing;
using Simulator.Core.Clock;
using Simulator.Core.Dispatching;

namespace Simulator.Tests.Core.Dispatching;

/// <summary>Due attempts waiting for a slot, one line per endpoint: the clock held and the work busy while anyone waits, who leaves when a slot frees.</summary>
public sealed class SlotLinesTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 26, 14, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Bound = TimeSpan.FromMilliseconds(250);

    [Fact]
    public void While_anyone_waits_the_work_is_busy_once_and_the_clock_held_and_both_end_when_the_last_leaves()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 60);
        var tracker = new WorkTracker();
        var lines = new SlotLines(clock, tracker, Bound);

        lines.Join(new DueEntry(1, Start, 7));
        lines.Join(new DueEntry(2, Start, 8));
        Assert.Equal((2, 1, true), (lines.Count, tracker.Busy, clock.IsHeld));
        Assert.True(lines.Contains(1));
        Assert.False(lines.Contains(3));

        Assert.False(lines.Remove(3));
        Assert.True(lines.Remove(1));
        Assert.False(lines.Contains(1));
        Assert.Equal((1, 1, true), (lines.Count, tracker.Busy, clock.IsHeld));

        Assert.True(lines.Remove(2));
        Assert.Equal((0, 0, false), (lines.Count, tracker.Busy, clock.IsHeld));
        lines.EndIfEmpty(); // ending twice is ending once
        Assert.Equal(0, tracker.Busy);
    }

    [Fact]
    public void The_hold_lasts_at_most_the_bound_but_the_work_stays_busy_until_the_lines_are_empty()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 60);
        var tracker = new WorkTracker();
        var lines = new SlotLines(clock, tracker, Bound);

        lines.Join(new DueEntry(1, Start, 7));
        real.Advance(Bound);

        Assert.False(clock.IsHeld);
        Assert.Equal(1, tracker.Busy);
    }

    [Fact]
    public void Leaving_takes_the_freed_endpoints_line_first_earliest_first_as_many_as_it_has_free_slots()
    {
        var (lines, _, _) = NewLines();
        lines.Join(new DueEntry(1, Start.AddSeconds(3), 7));
        lines.Join(new DueEntry(2, Start.AddSeconds(1), 7));
        lines.Join(new DueEntry(3, Start.AddSeconds(2), 7));
        lines.Join(new DueEntry(4, Start, 8));

        var leaving = lines.Leave(7, id => id == 7 ? 2 : 0, totalFree: 8);

        Assert.Equal([new DueEntry(2, Start.AddSeconds(1), 7), new DueEntry(3, Start.AddSeconds(2), 7)], leaving);
        Assert.Equal(2, lines.Count);
        Assert.True(lines.Contains(1));
        Assert.True(lines.Contains(4));
        Assert.Equal([new DueEntry(1, Start.AddSeconds(3), 7)], lines.Leave(7, id => id == 7 ? 1 : 0, totalFree: 8));
    }

    [Fact]
    public void Other_lines_leave_too_as_many_as_their_endpoints_have_free_after_the_freed_endpoints_line()
    {
        var (lines, _, _) = NewLines();
        lines.Join(new DueEntry(1, Start, 5));
        lines.Join(new DueEntry(2, Start.AddSeconds(1), 5));
        lines.Join(new DueEntry(3, Start, 9));
        lines.Join(new DueEntry(4, Start.AddSeconds(1), 9));

        var leaving = lines.Leave(9, _ => 1, totalFree: 8);

        Assert.Equal([3L, 1L], leaving.Select(e => e.Id));
        Assert.Equal(2, lines.Count);
    }

    [Fact]
    public void Never_more_leave_than_slots_are_free_in_all_and_the_earliest_due_line_goes_first()
    {
        var (lines, _, _) = NewLines();
        lines.Join(new DueEntry(1, Start.AddSeconds(2), 3));
        lines.Join(new DueEntry(2, Start, 6));
        lines.Join(new DueEntry(3, Start.AddSeconds(1), 9));
        lines.Join(new DueEntry(4, Start.AddSeconds(5), 5));

        // every endpoint has a slot of its own, but one slot of the total is free: one attempt leaves, not one per line
        Assert.Equal([2L], lines.Leave(7, _ => 1, totalFree: 1).Select(e => e.Id));
        Assert.Equal([4L, 3L], lines.Leave(5, _ => 1, totalFree: 2).Select(e => e.Id)); // the freed endpoint's line first
        Assert.Empty(lines.Leave(3, _ => 1, totalFree: 0));
        Assert.Equal(1, lines.Count);
    }

    [Fact]
    public void Lines_whose_first_are_due_at_the_same_moment_leave_in_the_order_of_their_endpoints()
    {
        var (lines, _, _) = NewLines();
        lines.Join(new DueEntry(1, Start, 9));
        lines.Join(new DueEntry(2, Start, 4));
        lines.Join(new DueEntry(3, Start, 6));

        Assert.Equal([2L], lines.Leave(1, _ => 1, totalFree: 1).Select(e => e.Id));
        Assert.Equal([3L], lines.Leave(1, _ => 1, totalFree: 1).Select(e => e.Id));
    }

    [Fact]
    public void An_attempt_removed_from_a_line_never_leaves_it_and_the_others_stay_in_line()
    {
        var (lines, _, _) = NewLines();
        lines.Join(new DueEntry(1, Start, 5));
        lines.Join(new DueEntry(2, Start.AddSeconds(1), 5));
        lines.Join(new DueEntry(3, Start.AddSeconds(2), 5));

        lines.Remove(1);
        lines.Remove(3);

        Assert.Equal([2L], lines.Leave(5, _ => 8, totalFree: 8).Select(e => e.Id));
        Assert.Equal(0, lines.Count);
    }

    [Fact]
    public void Nobody_leaves_a_line_whose_endpoint_has_no_free_slot()
    {
        var (lines, tracker, clock) = NewLines();
        lines.Join(new DueEntry(1, Start, 5));

        Assert.Empty(lines.Leave(5, _ => 0, totalFree: 8));
        Assert.Empty(lines.Leave(5, _ => -1, totalFree: 8));
        Assert.True(lines.Contains(1));
        lines.EndIfEmpty();
        Assert.Equal((1, true), (tracker.Busy, clock.IsHeld));
    }

    [Fact]
    public void After_everyone_left_the_caller_ends_the_wait_and_a_new_join_holds_again()
    {
        var (lines, tracker, clock) = NewLines();
        lines.Join(new DueEntry(1, Start, 5));
        lines.Leave(5, _ => 1, totalFree: 8);
        Assert.Equal((1, true), (tracker.Busy, clock.IsHeld)); // until the caller has re-armed for them

        lines.EndIfEmpty();
        Assert.Equal((0, false), (tracker.Busy, clock.IsHeld));

        lines.Join(new DueEntry(2, Start, 5));
        Assert.Equal((1, true), (tracker.Busy, clock.IsHeld));
        Assert.Equal([2L], lines.Leave(5, _ => 3, totalFree: 8).Select(e => e.Id));
    }

    private static (SlotLines Lines, WorkTracker Tracker, SimulationClock Clock) NewLines()
    {
        var clock = new SimulationClock(new FakeTimeProvider(Start), 60);
        var tracker = new WorkTracker();
        return (new SlotLines(clock, tracker, Bound), tracker, clock);
    }
}
