using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Simulator.Core.Clock;

namespace Simulator.Core.Dispatching;

/// <summary>
/// Runs what the <see cref="DeliverySchedule"/> hands over when entries fall due, off the clock's
/// thread: the disablings, then the attempts (prepared, started in one transaction while the clock
/// is held at their due moment, then sent). One pump takes the due work in turn, and whatever fell
/// due while it was busy is prepared and started together: under saturation a freed slot hands over
/// one attempt at a time, and one read and one start for all of them costs far less than one each.
/// Due work is never dropped: whatever could not start because something threw goes back on the
/// schedule (after a pause of real time, so a store that is down is not hammered), and an attempt
/// whose delivery is busy by hand goes back once it is free.
/// </summary>
public sealed class DueWorkRunner(
    DuePreparation preparation,
    AttemptRunner attempts,
    EndpointDisabling disabling,
    DeliverySchedule schedule,
    DeliveryGuards guards,
    SimulationClock clock,
    WorkTracker tracker,
    ILogger<DueWorkRunner> logger) : IDisposable
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(30);
    // not single-reader: that one cannot count what it holds
    private readonly Channel<DueWork> _due = Channel.CreateUnbounded<DueWork>();
    private int _pumping;
    private int _failuresInARow;

    /// <summary>The schedule's handler: returns at once, the work runs on the pump.</summary>
    internal void Run(DueWork work)
    {
        if (!_due.Writer.TryWrite(work))
        {
            // stopped: nothing starts any more (what is due is in the store, and a restart schedules it)
            work.Attempts.ForEach(a => a.Slot.Dispose());
            work.Hold.Dispose();
            tracker.Exit();
            return;
        }
        if (Interlocked.Exchange(ref _pumping, 1) == 0)
        {
            _ = Task.Run(PumpAsync);
        }
    }

    /// <summary>Due work handed over and not yet taken by the pump (for tests).</summary>
    internal int Queued => _due.Reader.Count;

    /// <summary>Takes no more due work (the container stops).</summary>
    public void Dispose() => _due.Writer.TryComplete();

    private async Task PumpAsync()
    {
        var batch = new List<DueWork>();
        while (await _due.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (_due.Reader.TryRead(out var work))
            {
                batch.Add(work);
            }
            await RunAsync(batch);
        }
    }

    // Works are held at their own moments; several are pending together only once a hold's bound has passed,
    // and then the latest moment is the truth of when they start.
    private async Task RunAsync(List<DueWork> batch)
    {
        var started = new List<Flight>();
        try
        {
            foreach (var work in batch)
            {
                foreach (var endpointId in work.Disablings)
                {
                    await DisableAsync(endpointId, work.At);
                }
            }
            var due = batch.SelectMany(w => w.Attempts).ToList();
            if (due.Count > 0)
            {
                started = await StartAsync(due, batch.Max(w => w.At));
            }
        }
        catch (Exception ex)
        {
            // not expected (each stage gives back what it took); the work still ends below, so nobody waits on it
            logger.LogError(ex, "Due work failed unexpectedly");
        }
        finally
        {
            batch.ForEach(w => w.Hold.Dispose());
        }
        _ = FlyAsync(started, batch.Count);
    }

    private async Task FlyAsync(List<Flight> started, int works)
    {
        try
        {
            await Task.WhenAll(started.Select(attempts.FlyScheduledAsync));
        }
        finally
        {
            for (var i = 0; i < works; i++)
            {
                tracker.Exit();
            }
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

    private async Task<List<Flight>> StartAsync(List<DueAttempt> due, DateTimeOffset at)
    {
        var begun = false;
        List<Flight> flights = [];
        try
        {
            var prepared = await preparation.PrepareAsync(due, at);
            prepared.Busy.ForEach(entry => _ = PutBackWhenFreeAsync(entry));
            flights = prepared.Flights;
            var started = await attempts.BeginAsync(flights, at);
            begun = true;
            _failuresInARow = 0;
            return started;
        }
        catch (Exception ex) when (!begun)
        {
            logger.LogError(ex, "{Count} attempts due at {At} could not start; they are scheduled again", due.Count, at);
            flights.ForEach(f => f.Dispose());
            due.ForEach(a => a.Slot.Dispose());
            var entries = due.Select(a => a.Entry).ToList();
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
