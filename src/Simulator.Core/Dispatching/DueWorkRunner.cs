using Microsoft.Extensions.Logging;
using Simulator.Core.Clock;

namespace Simulator.Core.Dispatching;

/// <summary>
/// Runs what the <see cref="DeliverySchedule"/> hands over when entries fall due, off the clock's
/// thread: the disablings, then the attempts (prepared, started in one transaction while the clock
/// is held at their due moment, then sent). Due work is never dropped: whatever could not start
/// because something threw goes back on the schedule (after a pause of real time, so a store that
/// is down is not hammered), and an attempt whose delivery is busy by hand goes back once it is free.
/// </summary>
public sealed class DueWorkRunner(
    DuePreparation preparation,
    AttemptRunner attempts,
    EndpointDisabling disabling,
    DeliverySchedule schedule,
    DeliveryGuards guards,
    SimulationClock clock,
    WorkTracker tracker,
    ILogger<DueWorkRunner> logger)
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(30);
    private int _failuresInARow;

    /// <summary>The schedule's handler: returns at once, the work runs on the thread pool.</summary>
    internal void Run(DueWork work) => _ = Task.Run(() => RunAsync(work));

    private async Task RunAsync(DueWork work)
    {
        var started = new List<Flight>();
        try
        {
            foreach (var endpointId in work.Disablings)
            {
                await DisableAsync(endpointId, work.At);
            }
            if (work.Attempts.Count > 0)
            {
                started = await StartAsync(work);
            }
        }
        finally
        {
            work.Hold.Dispose();
        }
        try
        {
            await Task.WhenAll(started.Select(attempts.FlyScheduledAsync));
        }
        finally
        {
            tracker.Exit();
        }
    }

    private async Task DisableAsync(long endpointId, DateTimeOffset at)
    {
        try
        {
            if (await disabling.DisableAsync(endpointId, at) is { } later)
            {
                schedule.ScheduleDisabling((int)endpointId, later);
            }
            _failuresInARow = 0;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Endpoint {EndpointId}'s disabling due at {At} could not be written; it is tried again", endpointId, at);
            PutBackLater(() => schedule.PutBackDisabling((int)endpointId, at));
        }
    }

    private async Task<List<Flight>> StartAsync(DueWork work)
    {
        var begun = false;
        List<Flight> flights = [];
        try
        {
            var prepared = await preparation.PrepareAsync(work.Attempts, work.At);
            prepared.Busy.ForEach(entry => _ = PutBackWhenFreeAsync(entry));
            flights = prepared.Flights;
            var started = await attempts.BeginAsync(flights, work.At);
            begun = true;
            _failuresInARow = 0;
            return started;
        }
        catch (Exception ex) when (!begun)
        {
            logger.LogError(ex, "{Count} attempts due at {At} could not start; they are scheduled again", work.Attempts.Count, work.At);
            flights.ForEach(f => f.Dispose());
            work.Attempts.ForEach(a => a.Slot.Dispose());
            var entries = work.Attempts.Select(a => a.Entry).ToList();
            PutBackLater(() => schedule.PutBack(entries));
            return [];
        }
    }

    // tracked as busy meanwhile: whoever waits for the simulator to be idle waits for these too
    private void PutBackLater(Action putBack)
    {
        var pause = TimeSpan.FromTicks(Math.Min(FirstPause.Ticks << Math.Min(Interlocked.Increment(ref _failuresInARow) - 1, 8), LongestPause.Ticks));
        tracker.Enter();
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(pause, clock.RealTime);
                putBack();
            }
            finally
            {
                tracker.Exit();
            }
        });
    }

    // Usually the delivery's own attempt, whose outcome just scheduled this one, letting go of its guard a moment
    // after its commit: the clock is held meanwhile (bounded), so the attempt still starts at its due moment.
    private async Task PutBackWhenFreeAsync(DueEntry entry)
    {
        tracker.Enter();
        var hold = clock.Hold(DeliverySchedule.HoldBound);
        try
        {
            await guards.WhenFreeAsync(entry.Id);
            schedule.PutBack([entry]);
        }
        finally
        {
            hold.Dispose();
            tracker.Exit();
        }
    }
}
