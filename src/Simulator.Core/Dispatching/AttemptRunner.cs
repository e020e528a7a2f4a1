using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Simulator.Core.Clock;
using Simulator.Core.Domain;
using Simulator.Core.FaultLab;
using Simulator.Core.Telemetry;

namespace Simulator.Core.Dispatching;

/// <summary>
/// An attempt's stages, as Svix's worker runs them: <see cref="BeginAsync"/> records attempts as
/// started (one transaction for a batch, with the fault lab's concurrent copies, before anything is
/// sent), <see cref="FlyAsync"/> sends one and writes its outcome with everything that follows from
/// it (decided by <see cref="AttemptCompletion"/>). An outcome whose commit fails is written again,
/// backing off, until it commits or the simulator stops; then the attempt stays in flight and the
/// next start (or the sweep) records it interrupted.
/// </summary>
public sealed class AttemptRunner(
    DeliveryJournal journal,
    WebhookSender sender,
    AttemptCompletion completion,
    FaultLabHooks faultLab,
    DeliveryGuards guards,
    SimulationClock clock,
    SimulatorTelemetry telemetry,
    ILogger<AttemptRunner> logger)
{
    private static readonly TimeSpan FirstRewrite = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestRewrite = TimeSpan.FromSeconds(5);

    // cut the attempts still in flight when a graceful stop has waited long enough: a restart marks them interrupted
    private readonly CancellationTokenSource _abort = new();

    public Task AbortAsync() => _abort.CancelAsync();

    /// <summary>
    /// Records the flights' attempts as started at <paramref name="at"/>, in one transaction, with the
    /// concurrent copies of those that want one, started at the same moment. Returns the flights to
    /// send: those started and their copies (a copy takes no slot). A scheduled delivery changed in
    /// the store since it was read (cancelled meanwhile, say) is read again and started only if it
    /// is still waiting and due; otherwise it is let go here (the commit that changed it scheduled it).
    /// </summary>
    internal async Task<List<Flight>> BeginAsync(List<Flight> flights, DateTimeOffset at)
    {
        var copies = new List<(Flight Source, Delivery Copy, DeliveryAttempt Attempt)>();
        var letGo = new List<Flight>();
        if (flights.Count == 0)
        {
            return [];
        }
        await journal.CommitAsync(async (db, again) =>
        {
            copies.Clear();
            letGo.Clear();
            foreach (var flight in flights)
            {
                if (again)
                {
                    flight.Delivery = await db.Deliveries.FirstAsync(d => d.Id == flight.Delivery.Id);
                    if (flight.Due is not null && (flight.Delivery is not { IsPending: true, NextAttemptAt: { } due } || due > at))
                    {
                        letGo.Add(flight);
                        continue;
                    }
                }
                flight.Attempt = flight.Delivery.BeginAttempt(at, flight.Url);
                if (!again)
                {
                    // the row as read: written as a transition, not tracked
                    db.Transitions.Started(flight.Delivery, flight.Attempt);
                }
                if (flight.CopyWanted)
                {
                    var copy = faultLab.ConcurrentCopy(flight.Delivery, at);
                    db.Deliveries.Add(copy);
                    copies.Add((flight, copy, copy.BeginAttempt(at, flight.Url)));
                }
            }
        });
        foreach (var flight in letGo)
        {
            logger.LogInformation("Delivery {DeliveryId} changed before its attempt could start ({Status}); it is not sent now", flight.Delivery.Id, flight.Delivery.Status);
            flight.Dispose();
        }
        var started = flights.Except(letGo).ToList();
        started.ForEach(f => telemetry.AttemptStarted(f.Due, at));
        return [.. started, .. copies.Select(c => CopyFlight(c.Source, c.Copy, c.Attempt))];
    }

    /// <summary>A scheduled attempt: its outcome is the schedule's business, its failures are logged, never thrown.</summary>
    internal async Task FlyScheduledAsync(Flight flight)
    {
        // the schedule's work is no part of whatever trace was current when its timer was armed
        Activity.Current = null;
        try
        {
            await FlyAsync(flight);
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            // stopping: the attempt stays in flight in the store, and the next start marks it interrupted
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Delivery {DeliveryId}'s attempt failed unexpectedly; the sweep or a restart records it interrupted", flight.Delivery.Id);
        }
    }

    /// <summary>Sends a started attempt and writes its outcome with all that follows; gives back the flight's slot and guard.</summary>
    internal async Task<AttemptOutcome> FlyAsync(Flight flight)
    {
        using (flight)
        {
            using var trace = telemetry.StartAttempt(flight.Delivery, flight.Attempt!.Number, flight.Url);
            var outcome = await sender.SendAsync(flight.Url, flight.Payload!, _abort.Token);
            trace.Answered(outcome);
            flight.Payload = null;
            flight.ReleaseSlot();
            var completed = await RecordAsync(flight, outcome);
            trace.Saved(completed.Transition);
            Log(flight.Delivery, completed, outcome);
            return outcome;
        }
    }

    // a copy goes at once beside its original, on a connection of its own: it takes no slot
    private Flight CopyFlight(Flight source, Delivery copy, DeliveryAttempt attempt)
    {
        logger.LogInformation("Fault lab: delivery {DeliveryId} goes out twice at once; the copy is delivery {CopyId}", source.Delivery.Id, copy.Id);
        return new Flight(copy, source.Url, source.Faults, slot: null, guard: guards.TryTake(copy.Id)) { Payload = source.Payload, Attempt = attempt };
    }

    // the outcome with all that follows, in one transaction; written again until it commits
    private async Task<AttemptCompleted> RecordAsync(Flight flight, AttemptOutcome outcome)
    {
        var now = clock.GetUtcNow();
        var wait = FirstRewrite;
        for (var tries = 0; ; tries++)
        {
            try
            {
                return await CommitOutcomeAsync(flight, outcome, now, fresh: tries > 0);
            }
            catch (Exception ex) when (!_abort.IsCancellationRequested)
            {
                // once more at once, on rows read afresh; then backing off (real time)
                logger.LogError(ex, "The outcome of delivery {DeliveryId}'s attempt {Attempt} could not be saved; writing it again", flight.Delivery.Id, flight.Attempt!.Number);
                if (tries > 0)
                {
                    await Task.Delay(wait, clock.RealTime, _abort.Token);
                    wait = wait * 2 < LongestRewrite ? wait * 2 : LongestRewrite;
                }
            }
        }
    }

    private async Task<AttemptCompleted> CommitOutcomeAsync(Flight flight, AttemptOutcome outcome, DateTimeOffset now, bool fresh)
    {
        var id = flight.Delivery.Id;
        var number = flight.Attempt!.Number;
        AttemptCompleted? completed = null;
        await journal.CommitAsync(async (db, again) =>
        {
            if (again || fresh)
            {
                flight.Delivery = await db.Deliveries.FirstAsync(d => d.Id == id);
                flight.Attempt = await db.DeliveryAttempts.FirstAsync(a => a.DeliveryId == id && a.Number == number);
                if (!flight.Attempt.IsInFlight)
                {
                    // an earlier try did commit after all
                    completed = new AttemptCompleted(DeliveryTransition.Unchanged, null, null, false, null);
                    return;
                }
            }
            completed = await completion.ApplyAsync(db, flight.Delivery, flight.Attempt, outcome, now);
            if (!again && !fresh)
            {
                // the rows as the flight holds them: written as a transition, not tracked
                db.Transitions.Completed(flight.Delivery, flight.Attempt);
            }
        });
        return completed!;
    }

    private void Log(Delivery delivery, AttemptCompleted completed, AttemptOutcome outcome)
    {
        switch (completed.Transition)
        {
            case DeliveryTransition.RetryScheduled:
                logger.LogInformation("Delivery {DeliveryId} of {EventType}: attempt {Attempt} failed ({Result}); next at {NextAttemptAt}", delivery.Id, delivery.EventType, delivery.AttemptCount, outcome.Summary, completed.RetryAt);
                break;
            case DeliveryTransition.Failed when delivery.Kind != DeliveryKind.Test:
                logger.LogWarning("Delivery {DeliveryId} of {EventType} failed after {Attempts} attempts", delivery.Id, delivery.EventType, delivery.AttemptCount);
                break;
            case DeliveryTransition.Stopped:
                logger.LogInformation("Delivery {DeliveryId} stopped: its endpoint is gone or disabled", delivery.Id);
                break;
        }
        if (completed.FailingEndpoint is { } failing)
        {
            logger.LogWarning("Endpoint {EndpointId} is failing; it will be disabled at {DisableAt} unless addressed", failing.Id, failing.DisableAt);
        }
        if (completed.Recovered)
        {
            logger.LogInformation("Endpoint {EndpointId} recovered: a delivery succeeded", delivery.EndpointId);
        }
        if (completed.Duplicate is { } duplicate)
        {
            logger.LogInformation("Fault lab: delivery {DeliveryId} succeeded and goes again as delivery {CopyId} at {At}", delivery.Id, duplicate.Id, duplicate.NextAttemptAt);
        }
    }
}
