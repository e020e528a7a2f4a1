using Simulator.Core.Dispatching;

namespace Simulator.Tests.Core.Dispatching;

/// <summary>The due-queue's index on its own: one due time and tag per id, earliest first, at most as many as asked.</summary>
public sealed class DueQueueTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 26, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Entries_due_by_now_come_out_earliest_first_with_their_tags_and_later_ones_stay()
    {
        var queue = new DueQueue();
        queue.Set(3, Start.AddMinutes(3), tag: 30);
        queue.Set(1, Start.AddMinutes(1), tag: 10);
        queue.Set(2, Start.AddMinutes(2), tag: 20);
        queue.Set(4, Start.AddMinutes(4), tag: 40);

        var taken = queue.TakeDueEntries(Start.AddMinutes(3), int.MaxValue);

        Assert.Equal(
            [new DueEntry(1, Start.AddMinutes(1), 10), new DueEntry(2, Start.AddMinutes(2), 20), new DueEntry(3, Start.AddMinutes(3), 30)],
            taken);
        Assert.Equal(1, queue.Count);
        Assert.True(queue.Contains(4));
        Assert.False(queue.Contains(3));
        Assert.Equal(Start.AddMinutes(4), queue.PeekDue());
    }

    [Fact]
    public void At_most_the_asked_number_leave_and_the_rest_stay_due()
    {
        var queue = new DueQueue();
        for (var id = 1; id <= 5; id++)
        {
            queue.Set(id, Start.AddSeconds(id));
        }

        var taken = queue.TakeDueEntries(Start.AddHours(1), 2);

        Assert.Equal([1L, 2L], taken.Select(e => e.Id));
        Assert.Equal(3, queue.Count);
        Assert.Empty(queue.TakeDueEntries(Start.AddHours(1), 0));
        Assert.Equal([3L, 4L, 5L], queue.TakeDue(Start.AddHours(1)));
    }

    [Fact]
    public void Setting_the_same_due_time_again_keeps_one_entry_with_the_new_tag()
    {
        var queue = new DueQueue();
        queue.Set(1, Start, tag: 5);

        queue.Set(1, Start, tag: 9);

        Assert.Equal(1, queue.Count);
        Assert.Equal([new DueEntry(1, Start, 9)], queue.TakeDueEntries(Start, int.MaxValue));
        Assert.Empty(queue.TakeDueEntries(Start, int.MaxValue));
        Assert.Null(queue.PeekDue());
    }

    [Fact]
    public void Moving_an_entry_earlier_makes_it_the_head()
    {
        var queue = new DueQueue();
        queue.Set(1, Start.AddHours(2));
        queue.Set(2, Start.AddHours(1));

        queue.Set(1, Start.AddMinutes(30), tag: 7);

        Assert.Equal(Start.AddMinutes(30), queue.PeekDue());
        Assert.Equal([new DueEntry(1, Start.AddMinutes(30), 7)], queue.TakeDueEntries(Start.AddMinutes(59), int.MaxValue));
        Assert.Equal([2L], queue.TakeDue(Start.AddHours(3)));
    }

    [Fact]
    public void Moving_the_head_later_lets_the_next_entry_lead()
    {
        var queue = new DueQueue();
        queue.Set(1, Start.AddMinutes(10));
        queue.Set(2, Start.AddMinutes(20));

        queue.Set(1, Start.AddMinutes(30));

        Assert.Equal(Start.AddMinutes(20), queue.PeekDue());
        Assert.Equal([new DueEntry(2, Start.AddMinutes(20), 0)], queue.TakeDueEntries(Start.AddMinutes(25), int.MaxValue));
        Assert.Equal([new DueEntry(1, Start.AddMinutes(30), 0)], queue.TakeDueEntries(Start.AddMinutes(30), int.MaxValue));
    }

    [Fact]
    public void An_entry_never_moved_outlives_the_rebuild_of_an_index_full_of_another_ones_moves()
    {
        var queue = new DueQueue();
        queue.Set(1, Start.AddDays(1), tag: 1);
        for (var second = 0; second < 3_000; second++)
        {
            queue.Set(2, Start.AddSeconds(second), tag: 2); // each move leaves its old place behind
        }

        Assert.Equal(2, queue.Count);
        Assert.Equal(Start.AddSeconds(2_999), queue.PeekDue());
        Assert.Equal(
            [new DueEntry(2, Start.AddSeconds(2_999), 2), new DueEntry(1, Start.AddDays(1), 1)],
            queue.TakeDueEntries(Start.AddDays(2), int.MaxValue));
    }

    [Fact]
    public void Removing_says_whether_the_id_was_there()
    {
        var queue = new DueQueue();
        queue.Set(1, Start);

        Assert.False(queue.Remove(2));
        Assert.True(queue.Remove(1));
        Assert.False(queue.Remove(1));
        Assert.Equal(0, queue.Count);
        Assert.Null(queue.PeekDue());
        Assert.Empty(queue.TakeDue(DateTimeOffset.MaxValue));
    }

    [Fact]
    public void Due_times_are_compared_in_utc_and_read_back_in_utc()
    {
        var queue = new DueQueue();
        var plusTwo = new DateTimeOffset(2026, 3, 26, 16, 0, 0, TimeSpan.FromHours(2)); // 14:00 UTC

        queue.Set(1, plusTwo);

        Assert.Equal(TimeSpan.Zero, queue.PeekDue()!.Value.Offset);
        Assert.Equal(Start, queue.PeekDue());
        Assert.Equal([1L], queue.TakeDue(Start));
    }

    [Fact]
    public void Many_removals_and_re_adds_keep_every_live_entry()
    {
        var queue = new DueQueue();
        for (var round = 0; round < 3_000; round++)
        {
            queue.Set(round, Start.AddSeconds(round));
            if (round % 3 != 0)
            {
                queue.Remove(round);
            }
        }

        var expected = Enumerable.Range(0, 3_000).Where(i => i % 3 == 0).Select(i => (long)i).ToList();
        Assert.Equal(expected.Count, queue.Count);
        Assert.Equal(expected, queue.TakeDue(Start.AddDays(1)));
    }
}
