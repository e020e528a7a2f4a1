using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Simulator.Core;
using Simulator.Core.Clock;
using Simulator.Core.Dispatching;

namespace Simulator.Tests.Core.Dispatching;

/// <summary>
/// The schedule's entries with a paused clock: attempts, disablings and retry holds set, moved,
/// removed and put back; the one timer armed for the earliest; busy work counted from the moment
/// something is due; slots freed letting the next in line go.
/// </summary>
public sealed class DeliveryScheduleEntriesTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 26, 14, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _real = new(Start);
    private readonly SimulationClock _clock;
    private readonly WorkTracker _tracker = new();
    private readonly DeliveryConcurrency _concurrency;
    private readonly DeliverySchedule _schedule;
    private readonly BlockingCollection<(DateTimeOffset At, List<DueAttempt> Attempts, List<long> Disablings, bool Held)> _work = [];

    public DeliveryScheduleEntriesTests()
    {
        _clock = new SimulationClock(_real, 0);
        var options = Options.Create(new SimulatorOptions { Delivery = { MaxConcurrencyPerEndpoint = 1 } });
        _concurrency = new DeliveryConcurrency(options);
        _schedule = new DeliverySchedule(_clock, _tracker, _concurrency, options);
    }

    public void Dispose()
    {
        _schedule.Dispose();
        _clock.Dispose();
        _work.Dispose();
    }

    /// <summary>The dispatcher's part, done at once: note the work, keep the slots, release the hold and the work.</summary>
    private void StartRecording() => _schedule.Start(work =>
    {
        _work.Add((work.At, work.Attempts, work.Disablings, _clock.IsHeld));
        work.Hold.Dispose();
        _tracker.Exit();
    });

    private (DateTimeOffset At, List<DueAttempt> Attempts, List<long> Disablings, bool Held) NextWork()
    {
        Assert.True(_work.TryTake(out var work, HangGuard), "no due work was handed over");
        return work;
    }

    [Fact]
    public void A_schedule_needs_its_settings()
    {
        Assert.Throws<ArgumentNullException>(() => new DeliverySchedule(_clock, _tracker, _concurrency, null!));
    }

    [Fact]
    public void Scheduled_attempts_and_disablings_fall_due_at_their_moments_in_order()
    {
        StartRecording();
        _schedule.ScheduleAttempt(1, 7, Start.AddHours(2));
        _schedule.ScheduleDisabling(5, Start.AddHours(1));
        _schedule.ScheduleAttempt(2, 8, Start.AddHours(1));

        Assert.Equal(Start.AddHours(1), _clock.NextTimerDueAt);
        Assert.Equal((2, (DateTimeOffset?)Start.AddHours(1)), (_schedule.WaitingAttempts, _schedule.NextAttemptAt));
        _clock.Advance(TimeSpan.FromHours(3));

        var first = NextWork();
        Assert.Equal((Start.AddHours(1), true), (first.At, first.Held));
        Assert.Equal([2L], first.Attempts.Select(a => a.DeliveryId));
        Assert.Equal([5L], first.Disablings);
        var second = NextWork();
        Assert.Equal(Start.AddHours(2), second.At);
        Assert.Equal([(1L, 7)], second.Attempts.Select(a => (a.DeliveryId, a.EndpointId)));
        Assert.Empty(second.Disablings);
        Assert.Equal(0, _schedule.WaitingAttempts);
        Assert.Null(_schedule.NextAttemptAt);
        Assert.Null(_clock.NextTimerDueAt);
        Assert.Equal(0, _tracker.Busy);
    }

    [Fact]
    public void Unscheduled_entries_do_not_fall_due_and_leave_no_timer_behind()
    {
        StartRecording();
        _schedule.ScheduleAttempt(1, 7, Start.AddHours(1));
        _schedule.ScheduleDisabling(5, Start.AddHours(2));
        Assert.True(_schedule.IsScheduled(1));

        _schedule.UnscheduleAttempt(1);
        Assert.Equal(Start.AddHours(2), _clock.NextTimerDueAt);
        _schedule.UnscheduleDisabling(5);
        _schedule.UnscheduleAttempt(99);
        _schedule.UnscheduleDisabling(99);

        Assert.False(_schedule.IsScheduled(1));
        Assert.Equal(0, _clock.PendingTimerCount);
        _clock.Advance(TimeSpan.FromHours(3));
        Assert.Empty(_work);
    }

    [Fact]
    public void A_moved_attempt_falls_due_only_at_its_new_moment()
    {
        StartRecording();
        _schedule.ScheduleAttempt(1, 7, Start.AddHours(1));

        _schedule.ScheduleAttempt(1, 7, Start.AddHours(3));
        _clock.Advance(TimeSpan.FromHours(2));
        Assert.Empty(_work);
        Assert.Equal(Start.AddHours(3), _clock.NextTimerDueAt);

        _schedule.ScheduleAttempt(1, 7, Start.AddMinutes(150));
        Assert.Equal(Start.AddMinutes(150), _clock.NextTimerDueAt);
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(Start.AddMinutes(150), NextWork().At);
    }

    [Fact]
    public void Nothing_is_armed_before_the_start_or_after_the_stop_but_the_entries_stay()
    {
        _schedule.ScheduleAttempt(1, 7, Start); // due now, but nobody takes due work yet: not busy either
        _schedule.ScheduleDisabling(5, Start.AddHours(1));
        Assert.Equal((0, 0), (_clock.PendingTimerCount, _tracker.Busy));

        StartRecording();
        var work = NextWork();
        Assert.Equal([1L], work.Attempts.Select(a => a.DeliveryId));
        Assert.Equal(Start.AddHours(1), _clock.NextTimerDueAt);

        _schedule.Stop();
        _schedule.ScheduleAttempt(2, 8, Start.AddMinutes(30));
        Assert.Equal(0, _clock.PendingTimerCount);
        _clock.Advance(TimeSpan.FromHours(2));
        Assert.Empty(_work);
        Assert.True(_schedule.IsScheduled(2));

        StartRecording();
        var late = NextWork();
        Assert.Equal([2L], late.Attempts.Select(a => a.DeliveryId));
        Assert.Equal([5L], late.Disablings);
    }

    [Fact]
    public async Task An_attempt_due_now_counts_as_busy_from_the_moment_it_is_scheduled_until_it_is_handed_over_moved_later_or_stopped()
    {
        using var entered = new SemaphoreSlim(0);
        using var gate = new ManualResetEventSlim();
        _schedule.Start(work =>
        {
            entered.Release();
            gate.Wait(HangGuard); // the clock's firing waits here: what falls due meanwhile is only scheduled
            work.Attempts.ForEach(a => a.Slot.Dispose());
            work.Hold.Dispose();
            _tracker.Exit();
        });
        _schedule.ScheduleAttempt(1, 7, Start.AddHours(1));
        Assert.Equal(0, _tracker.Busy);
        _schedule.ScheduleAttempt(2, 7, Start);
        Assert.True(entered.Wait(HangGuard));
        Assert.Equal(1, _tracker.Busy); // the handed-over work

        _schedule.ScheduleAttempt(3, 8, Start);
        Assert.Equal(2, _tracker.Busy);
        _schedule.ScheduleAttempt(4, 8, Start);
        Assert.Equal(2, _tracker.Busy); // counted once
        _schedule.ScheduleAttempt(3, 8, Start.AddHours(2));
        _schedule.ScheduleAttempt(4, 8, Start.AddHours(2));
        Assert.Equal(1, _tracker.Busy); // nothing due now any more
        _schedule.ScheduleAttempt(3, 8, Start);
        Assert.Equal(2, _tracker.Busy);

        _schedule.Stop();
        Assert.Equal(1, _tracker.Busy);
        gate.Set();
        await _tracker.WhenIdleAsync().WaitAsync(HangGuard);
        Assert.True(_schedule.IsScheduled(3));
    }

    [Fact]
    public void Put_back_attempts_fall_due_again_unless_a_commit_placed_them_since()
    {
        StartRecording();
        _schedule.ScheduleAttempt(2, 7, Start.AddHours(5)); // placed by a commit meanwhile

        _schedule.PutBack([new DueEntry(1, Start.AddHours(1), 7), new DueEntry(2, Start.AddHours(1), 7)]);
        _clock.Advance(TimeSpan.FromHours(2));

        var work = NextWork();
        Assert.Equal([1L], work.Attempts.Select(a => a.DeliveryId));
        Assert.True(_schedule.IsScheduled(2));
        Assert.Equal(Start.AddHours(5), _schedule.NextAttemptAt);
    }

    [Fact]
    public void A_put_back_disabling_falls_due_again_unless_a_commit_placed_it_since()
    {
        StartRecording();
        _schedule.ScheduleDisabling(6, Start.AddHours(4));

        _schedule.PutBackDisabling(5, Start.AddHours(1));
        _schedule.PutBackDisabling(6, Start.AddHours(1));
        Assert.Equal(Start.AddHours(1), _clock.NextTimerDueAt);
        _clock.Advance(TimeSpan.FromHours(2));

        Assert.Equal([5L], NextWork().Disablings);
        Assert.Equal(Start.AddHours(4), _clock.NextTimerDueAt);
    }

    [Fact]
    public void A_retry_due_before_its_outcome_is_written_holds_the_clock_at_its_moment_until_released()
    {
        StartRecording();
        _schedule.ScheduleAttempt(1, 7, Start.AddHours(3));
        _schedule.HoldForRetry(2, Start.AddHours(1));
        Assert.Equal(Start.AddHours(1), _clock.NextTimerDueAt);

        _clock.AdvanceTo(Start.AddHours(1));
        Assert.True(_clock.IsHeld);
        Assert.Empty(NextWork().Attempts);

        _schedule.ReleaseRetryHold(2);
        Assert.False(_clock.IsHeld);
        Assert.Equal(Start.AddHours(3), _clock.NextTimerDueAt);
        _schedule.ReleaseRetryHold(2);
    }

    [Fact]
    public void A_retry_hold_released_before_its_moment_leaves_nothing_armed()
    {
        StartRecording();
        _schedule.HoldForRetry(2, Start.AddHours(1));

        _schedule.ReleaseRetryHold(2);

        Assert.Equal(0, _clock.PendingTimerCount);
        _clock.Advance(TimeSpan.FromHours(2));
        Assert.Empty(_work);
        Assert.False(_clock.IsHeld);
    }

    [Fact]
    public async Task A_due_attempt_without_a_slot_waits_in_its_endpoints_line_and_goes_when_the_slot_frees()
    {
        StartRecording();
        _schedule.ScheduleAttempt(1, 7, Start.AddHours(1));
        _schedule.ScheduleAttempt(2, 7, Start.AddHours(1));
        _clock.AdvanceTo(Start.AddHours(1));

        var first = Assert.Single(NextWork().Attempts);
        Assert.Equal(1, first.DeliveryId);
        Assert.True(_schedule.IsScheduled(2));
        Assert.Equal((1, (DateTimeOffset?)Start.AddHours(1)), (_schedule.WaitingAttempts, _schedule.NextAttemptAt));
        Assert.True(_clock.IsHeld); // held while one waits for a slot
        Assert.Equal(1, _tracker.Busy);

        first.Slot.Dispose();
        var second = Assert.Single(NextWork().Attempts);
        Assert.Equal((2L, Start.AddHours(1)), (second.DeliveryId, second.Due));
        second.Slot.Dispose();
        await _tracker.WhenIdleAsync().WaitAsync(HangGuard);
        Assert.False(_clock.IsHeld);
        Assert.Equal(0, _schedule.WaitingAttempts);
    }

    [Fact]
    public void A_slot_freed_with_nobody_waiting_arms_nothing_and_after_dispose_the_schedule_no_longer_listens()
    {
        StartRecording();
        _schedule.ScheduleAttempt(1, 7, Start);
        var only = Assert.Single(NextWork().Attempts);
        _schedule.ScheduleAttempt(2, 7, Start.AddHours(1));

        only.Slot.Dispose();
        Assert.Equal(Start.AddHours(1), _clock.NextTimerDueAt);

        _schedule.Dispose();
        Assert.True(_concurrency.TryEnter(7, out var lease));
        lease!.Dispose(); // no listener left: nothing throws, nothing fires
        _clock.Advance(TimeSpan.FromHours(2));
        Assert.Empty(_work);
    }
}
