using Simulator.Core.Clock;

namespace Simulator.Tests.Core.Clock;

/// <summary>The count of running work that an advance of the clock waits for.</summary>
public sealed class WorkTrackerTests
{
    [Fact]
    public void A_new_tracker_is_idle()
    {
        var tracker = new WorkTracker();

        Assert.Equal(0, tracker.Busy);
        Assert.True(tracker.WhenIdleAsync().IsCompletedSuccessfully);
    }

    [Fact]
    public async Task It_is_idle_again_only_when_every_piece_of_work_that_entered_has_exited()
    {
        var tracker = new WorkTracker();

        tracker.Enter();
        tracker.Enter();
        var idle = tracker.WhenIdleAsync();
        Assert.Equal(2, tracker.Busy);

        tracker.Exit();
        Assert.Equal(1, tracker.Busy);
        Assert.False(idle.IsCompleted);
        Assert.False(tracker.WhenIdleAsync().IsCompleted);

        tracker.Exit();
        await idle.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, tracker.Busy);
        Assert.True(tracker.WhenIdleAsync().IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Busy_again_after_idle_waits_anew()
    {
        var tracker = new WorkTracker();
        tracker.Enter();
        tracker.Exit();

        tracker.Enter();
        var idle = tracker.WhenIdleAsync();
        Assert.False(idle.IsCompleted);

        tracker.Exit();
        await idle.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void An_exit_without_an_enter_is_refused_and_changes_nothing()
    {
        var tracker = new WorkTracker();

        Assert.Throws<InvalidOperationException>(tracker.Exit);
        Assert.Equal(0, tracker.Busy);
        tracker.Enter();
        Assert.Equal(1, tracker.Busy);
    }

    [Fact]
    public async Task Waiting_for_idle_honours_cancellation()
    {
        var tracker = new WorkTracker();
        tracker.Enter();
        using var cancel = new CancellationTokenSource();

        var idle = tracker.WhenIdleAsync(cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => idle);
        Assert.Equal(1, tracker.Busy);
    }
}
