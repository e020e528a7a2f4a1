using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Simulator.Core;
using Simulator.Core.Clock;
using Simulator.Core.Dispatching;

namespace Simulator.Tests.Core.Dispatching;

/// <summary>The due-queue and its one clock timer, on their own: what falls due when, and the clock's hold.</summary>
public sealed class DeliveryScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 26, 14, 0, 0, TimeSpan.Zero);
    private const int EndpointId = 1;

    private static DeliverySchedule NewSchedule(SimulationClock clock, WorkTracker tracker, int perEndpoint = 8)
    {
        var options = Options.Create(new SimulatorOptions { Delivery = { MaxConcurrencyPerEndpoint = perEndpoint } });
        return new DeliverySchedule(clock, tracker, new DeliveryConcurrency(options), options);
    }

    [Fact]
    public async Task Due_work_sees_the_clock_held_at_its_moment_and_advance_runs_retries_scheduled_within_the_jump()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 60);
        var tracker = new WorkTracker();
        using var schedule = NewSchedule(clock, tracker);
        var control = new SimulationControl(clock, tracker);
        var seen = new ConcurrentQueue<(long Id, DateTimeOffset At, bool Held)>();
        schedule.Start(work => _ = Task.Run(async () =>
        {
            foreach (var attempt in work.Attempts)
            {
                seen.Enqueue((attempt.DeliveryId, clock.GetUtcNow(), clock.IsHeld));
                attempt.Slot.Dispose();
            }
            real.Advance(TimeSpan.FromMilliseconds(200)); // real time passes while the attempt starts: simulated time does not
            seen.Enqueue((-1, clock.GetUtcNow(), clock.IsHeld));
            work.Hold.Dispose();
            await Task.Yield();
            if (work.Attempts.Any(a => a.DeliveryId == 1))
            {
                schedule.ScheduleAttempt(2, EndpointId, work.At.AddMinutes(30)); // a retry, scheduled before the work ends
            }
            tracker.Exit();
        }));

        schedule.ScheduleAttempt(1, EndpointId, Start.AddHours(1));
        schedule.ScheduleAttempt(3, EndpointId, Start.AddHours(3));
        await control.AdvanceAsync(TimeSpan.FromHours(2));

        Assert.Equal(
            [(1, Start.AddHours(1), true), (-1, Start.AddHours(1), true), (2, Start.AddHours(1.5), true), (-1, Start.AddHours(1.5), true)],
            seen);
        Assert.Equal(Start.AddHours(2), clock.GetUtcNow());
        Assert.Equal(Start.AddHours(3), schedule.NextAttemptAt);
        Assert.Equal(1, schedule.WaitingAttempts);
        Assert.Equal(0, tracker.Busy);
    }

    [Fact]
    public async Task Due_work_that_takes_longer_than_the_bound_to_start_lets_the_clock_go_on()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 60);
        var tracker = new WorkTracker();
        using var schedule = NewSchedule(clock, tracker);
        var seen = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        schedule.Start(work => _ = Task.Run(() =>
        {
            work.Attempts.ForEach(a => a.Slot.Dispose());
            real.Advance(DeliverySchedule.HoldBound); // a store that takes its time
            seen.TrySetResult(clock.IsHeld);
            work.Hold.Dispose();
            tracker.Exit();
        }));

        schedule.ScheduleAttempt(1, EndpointId, Start);
        var held = await seen.Task.WaitAsync(TimeSpan.FromSeconds(30));
        clock.Advance(TimeSpan.Zero); // waits for the timer's firing to end (a firing timer reads its own moment)
        real.Advance(TimeSpan.FromSeconds(1));

        Assert.False(held);
        // the hold ended at the bound, though the work had not released it; from then on the clock runs at 60x
        Assert.Equal(Start + TimeSpan.FromSeconds(60), clock.GetUtcNow());
    }

    [Fact]
    public void Moving_and_removing_entries_keeps_one_entry_per_id_and_the_head_true()
    {
        var queue = new DueQueue();
        queue.Set(1, Start.AddHours(1));
        queue.Set(2, Start.AddHours(2));
        queue.Set(1, Start.AddHours(3));
        queue.Remove(2);

        Assert.Equal(1, queue.Count);
        Assert.Equal(Start.AddHours(3), queue.PeekDue());
        Assert.Empty(queue.TakeDue(Start.AddHours(2)));
        Assert.Equal([1], queue.TakeDue(Start.AddHours(3)));
        Assert.Null(queue.PeekDue());
    }

    [Fact]
    public void Many_moves_do_not_grow_the_queue_without_bound()
    {
        var queue = new DueQueue();
        for (var i = 0; i < 100_000; i++)
        {
            queue.Set(i % 10, Start.AddSeconds(i));
        }

        Assert.Equal(10, queue.Count);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), queue.TakeDue(Start.AddDays(2)).Order());
    }

    [Fact]
    public async Task A_past_due_entry_falls_due_now_and_time_never_goes_back()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new SimulationClock(real, 0);
        var tracker = new WorkTracker();
        using var schedule = NewSchedule(clock, tracker);
        var seen = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        schedule.Start(work =>
        {
            seen.TrySetResult(clock.GetUtcNow());
            work.Attempts.ForEach(a => a.Slot.Dispose());
            work.Hold.Dispose();
            tracker.Exit();
        });

        schedule.ScheduleAttempt(7, EndpointId, Start.AddHours(-3)); // written before a restart, due long ago

        Assert.Equal(Start, await seen.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(Start, clock.GetUtcNow());
    }
}
