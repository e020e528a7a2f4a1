using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Simulator.Core.Clock;
using Simulator.Core.Domain;
using Simulator.Core.Live;
using Simulator.Core.Notifications;
using Simulator.Core.Persistence;
using Simulator.Core.Telemetry;

namespace Simulator.Core.Dispatching;

/// <summary>
/// Makes the attempts that the <see cref="DeliverySchedule"/> says are due, and the ones asked for
/// by hand (a test send, send again). Each attempt is three steps: it is recorded as started (one
/// transaction, while the clock is held at its due moment), the <see cref="WebhookSender"/> POSTs
/// it, and its outcome is written with everything that follows from it (next attempt, failed, the
/// failing episode and its e-mail) in one more transaction. Both go through the
/// <see cref="DeliveryJournal"/>, which commits concurrent ones together.
/// </summary>
public sealed class DeliveryDispatcher(
    IDbContextFactory<SimulatorDbContext> dbFactory,
    SimulationClock clock,
    WorkTracker tracker,
    DeliverySchedule schedule,
    DeliveryJournal journal,
    DeliveryRecovery recovery,
    WebhookSender sender,
    DeliveryConcurrency concurrency,
    AttemptCompletion completion,
    EmailOutbox outbox,
    LiveUpdates live,
    SimulatorTelemetry telemetry,
    IOptions<SimulatorOptions> options,
    ILogger<DeliveryDispatcher> logger) : IHostedService
{
    // one attempt of a delivery at a time: a scheduled attempt and a send-again never overlap
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _inFlight = new();

    // cut the attempts still in flight when a graceful stop has waited long enough: a restart marks them interrupted
    private readonly CancellationTokenSource _abort = new();

    // deliveries just raised, as saved, with their body, until their first attempt is due (moments): their
    // first attempt reads nothing back (on EF InMemory every read copies a whole table). Bounded; past the
    // bound, or after a restart, the first attempt reads the store like any retry.
    private readonly ConcurrentDictionary<long, (Delivery Delivery, string Payload)> _fresh = new();

    private const int MaxFresh = 10_000;

    /// <summary>Finishes what a crash left half done, fills the schedule from the store and starts it.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await recovery.RecoverAsync(cancellationToken);
        await recovery.FillScheduleAsync(schedule, cancellationToken);
        schedule.Start(work => _ = Task.Run(() => RunDueAsync(work)));
    }

    /// <summary>Takes no more due work and lets the attempts in flight finish (each bounded by <c>Delivery:Timeout</c>).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        schedule.Stop();
        if (await IdleWithinAsync(options.Value.Delivery.Timeout + TimeSpan.FromSeconds(1), cancellationToken))
        {
            return;
        }
        logger.LogWarning("Stopping with attempts still in flight; they are marked interrupted at the next start");
        await _abort.CancelAsync();
        // let the cut attempts unwind before the services they use (the HTTP client, Polly's registry) are disposed
        await IdleWithinAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
    }

    // the wall clock, not the configured real time: a stop must end even under a fake clock in tests
    private async Task<bool> IdleWithinAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        try
        {
            await tracker.WhenIdleAsync(cancellationToken).WaitAsync(limit, TimeProvider.System, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// Puts deliveries just saved by the fan-out on the schedule (due now), keeping the row and the
    /// body at hand for their first attempt. They must not be tracked by a unit of work any more.
    /// </summary>
    public void Dispatch(IReadOnlyList<Delivery> deliveries, string payload)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        foreach (var delivery in deliveries)
        {
            delivery.ReleaseEvent();
            if (_fresh.Count < MaxFresh)
            {
                _fresh[delivery.Id] = (delivery, payload);
            }
            schedule.ScheduleAttempt(delivery.Id, delivery.NextAttemptAt!.Value);
        }
    }

    /// <summary>Takes deliveries off the schedule (cancelled outside the dispatcher: the endpoint was deleted).</summary>
    public void Unschedule(IEnumerable<long> deliveryIds)
    {
        ArgumentNullException.ThrowIfNull(deliveryIds);
        foreach (var id in deliveryIds)
        {
            Unschedule(id);
        }
    }

    /// <summary>"Send test": the one attempt of a test delivery, now, whatever the endpoint's status.</summary>
    public Task<AttemptOutcome> SendTestAsync(long deliveryId, CancellationToken cancellationToken) =>
        SendByHandAsync(deliveryId, cancellationToken);

    /// <summary>Sends a delivery again now: one more attempt; a pending delivery then keeps its schedule.</summary>
    public Task<AttemptOutcome> RetryNowAsync(long deliveryId, CancellationToken cancellationToken) =>
        SendByHandAsync(deliveryId, cancellationToken);

    /// <summary>Stops retrying a pending delivery (an attempt in flight is let finish first).</summary>
    public async Task CancelAsync(long deliveryId, CancellationToken cancellationToken)
    {
        var guard = await ClaimAsync(deliveryId, cancellationToken);
        try
        {
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                var delivery = await db.Deliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deliveryId, cancellationToken)
                    ?? throw new KeyNotFoundException($"Delivery {deliveryId} does not exist.");
                if (!delivery.IsPending)
                {
                    delivery.Cancel(clock.GetUtcNow()); // refuses, in the domain's words
                }
            }
            var now = clock.GetUtcNow();
            await journal.CommitAsync(async (db, _) =>
                (await db.Deliveries.FirstAsync(d => d.Id == deliveryId)).Cancel(now));
            Unschedule(deliveryId);
            live.Publish(LiveChangeKind.Delivery, deliveryId);
        }
        finally
        {
            Release(deliveryId, guard);
        }
    }

    private async Task<AttemptOutcome> SendByHandAsync(long deliveryId, CancellationToken cancellationToken)
    {
        tracker.Enter();
        try
        {
            var guard = await ClaimAsync(deliveryId, cancellationToken);
            Flight? flight = null;
            try
            {
                flight = await LoadByHandAsync(deliveryId, cancellationToken);
                flight.Guard = guard;
                try
                {
                    Unschedule(deliveryId);
                    flight.Lease = await concurrency.EnterAsync(flight.EndpointId, cancellationToken);
                    using (clock.Hold())
                    {
                        await BeginAsync([flight], clock.GetUtcNow(), byHand: true);
                    }
                }
                catch
                {
                    // not started: its next attempt stays as the store has it
                    Reschedule(flight.Delivery);
                    throw;
                }
                var retries = flight.Delivery is { IsPending: true, IsTest: false };
                return await FlyAsync(flight, retries);
            }
            finally
            {
                flight?.Lease?.Dispose();
                Release(deliveryId, guard);
            }
        }
        finally
        {
            tracker.Exit();
        }
    }

    private async Task<Flight> LoadByHandAsync(long deliveryId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var delivery = await db.Deliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deliveryId, cancellationToken)
            ?? throw new KeyNotFoundException($"Delivery {deliveryId} does not exist.");
        var endpoint = await db.WebhookEndpoints.AsNoTracking().FirstOrDefaultAsync(e => e.Id == delivery.EndpointId, cancellationToken)
            ?? throw new DomainRuleException("Endpoint deleted", $"The endpoint of delivery {deliveryId} has been deleted: there is nowhere to send it.");
        var payload = await db.WebhookEvents.AsNoTracking().Where(e => e.Id == delivery.EventId).Select(e => e.Payload).FirstAsync(cancellationToken);
        return new Flight(delivery, endpoint.Url, endpoint.Faults) { Payload = payload };
    }

    // Due work: runs off the clock's thread; the clock stays held until the attempts due now have started.
    private async Task RunDueAsync(DueWork work)
    {
        var started = new List<Flight>();
        var queued = new List<Flight>();
        try
        {
            foreach (var endpointId in work.Disablings)
            {
                await DisableAsync((int)endpointId, work.At);
            }
            if (work.Attempts.Count > 0)
            {
                foreach (var flight in await PrepareAsync(work.Attempts, work.At))
                {
                    (concurrency.TryEnter(flight.EndpointId, out var lease) ? started : queued).Add(flight);
                    flight.Lease = lease;
                }
                await LoadPayloadsAsync(started);
                var begun = await BeginAsync(started, work.At);
                started.Clear();
                started.AddRange(begun);
            }
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Due work at {At} could not start; its deliveries are scheduled again", work.At);
            foreach (var flight in started.Concat(queued))
            {
                flight.Lease?.Dispose();
                Reschedule(flight.Delivery);
                Release(flight.Delivery.Id, flight.Guard);
            }
            started.Clear();
            queued.Clear();
        }
        finally
        {
            work.Hold.Dispose();
        }
        try
        {
            await Task.WhenAll(started.Select(f => FlyScheduledAsync(f)).Concat(queued.Select(WaitThenFlyAsync)));
        }
        finally
        {
            tracker.Exit();
        }
    }

    /// <summary>
    /// Reads the due deliveries (small rows, no attempts); stops those whose endpoint is gone or
    /// disabled; applies the endpoint's fault lab to first attempts of live deliveries: holds back
    /// the ones drawn for reordering, and marks the ones drawn for a concurrent copy.
    /// </summary>
    private async Task<List<Flight>> PrepareAsync(List<long> ids, DateTimeOffset at)
    {
        var deliveries = new List<Delivery>();
        var payloads = new Dictionary<long, string>();
        var unknown = new List<long>();
        foreach (var id in ids)
        {
            if (_fresh.TryRemove(id, out var fresh))
            {
                deliveries.Add(fresh.Delivery);
                payloads[id] = fresh.Payload;
            }
            else
            {
                unknown.Add(id);
            }
        }
        await using var db = await dbFactory.CreateDbContextAsync();
        if (unknown.Count > 0)
        {
            deliveries.AddRange(await db.Deliveries.AsNoTracking().Where(d => unknown.Contains(d.Id)).ToListAsync());
        }
        var endpointIds = deliveries.Select(d => d.EndpointId).Distinct().ToList();
        var endpoints = await db.WebhookEndpoints.AsNoTracking().Where(e => endpointIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id);
        var flights = new List<Flight>();
        var stopped = new List<long>();
        var heldBack = new List<(long Id, DateTimeOffset Until)>();
        foreach (var delivery in deliveries.OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id))
        {
            if (!delivery.IsPending || delivery.IsTest || delivery.NextAttemptAt is not { } due)
            {
                continue; // finished meanwhile, in flight by hand, or a test send (never scheduled)
            }
            if (due > at)
            {
                schedule.ScheduleAttempt(delivery.Id, due); // moved in the store meanwhile
                continue;
            }
            if (!endpoints.TryGetValue(delivery.EndpointId, out var endpoint) || endpoint.Status == EndpointStatus.Disabled)
            {
                stopped.Add(delivery.Id);
                continue;
            }
            var faults = endpoint.Faults; // built from the endpoint's columns: once per delivery
            var draw = FirstAttemptDraw(delivery, faults);
            if (draw is { Reordered: true } && delivery.Fault is null && delivery.CreatedAt + draw.ReorderDelay > at)
            {
                heldBack.Add((delivery.Id, delivery.CreatedAt + draw.ReorderDelay));
                continue;
            }
            var guard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_inFlight.TryAdd(delivery.Id, guard))
            {
                flights.Add(new Flight(delivery, endpoint.Url, faults)
                {
                    Guard = guard,
                    Payload = payloads.GetValueOrDefault(delivery.Id),
                    CopyWanted = draw is { ConcurrentDuplicate: true },
                });
            }
            // else: sent by hand right now; that attempt's outcome schedules the next
        }
        if (stopped.Count > 0)
        {
            try
            {
                await journal.CommitAsync(async (db, _) =>
                {
                    foreach (var delivery in await db.Deliveries.Where(d => stopped.Contains(d.Id) && d.Status == DeliveryStatus.Pending).ToListAsync())
                    {
                        delivery.Cancel(at);
                    }
                });
                logger.LogInformation("{Count} deliveries stopped: their endpoint is gone or disabled", stopped.Count);
                live.Publish(LiveChangeKind.Delivery);
            }
            catch (Exception ex)
            {
                // the flights claimed above must still run; the next start cancels these (recovery)
                logger.LogError(ex, "{Count} deliveries to gone or disabled endpoints could not be cancelled", stopped.Count);
            }
        }
        if (heldBack.Count > 0)
        {
            await HoldBackAsync(heldBack);
        }
        return flights;
    }

    /// <summary>The fault lab's draw for a live delivery's first attempt; null when it has none to make.</summary>
    private static FaultDraw? FirstAttemptDraw(Delivery delivery, FaultSettings faults) =>
        faults.IsOn && delivery is { AttemptCount: 0, IsTest: false, IsCopy: false }
            ? faults.Draw(delivery.EndpointId, delivery.EventId)
            : null;

    /// <summary>Reordering: the deliveries wait (1 s to 5 min after they were raised), one transaction for all.</summary>
    private async Task HoldBackAsync(List<(long Id, DateTimeOffset Until)> heldBack)
    {
        var until = heldBack.ToDictionary(h => h.Id, h => h.Until);
        try
        {
            await journal.CommitAsync(async (db, _) =>
            {
                var ids = until.Keys.ToList();
                foreach (var delivery in await db.Deliveries.Where(d => ids.Contains(d.Id) && d.Status == DeliveryStatus.Pending && d.AttemptCount == 0 && d.Fault == null).ToListAsync())
                {
                    delivery.HoldBack(until[delivery.Id]);
                }
            });
            logger.LogInformation("Fault lab: {Count} deliveries held back so that later events can overtake them", heldBack.Count);
            live.Publish(LiveChangeKind.Delivery);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Fault lab: {Count} deliveries could not be held back; they go at the time drawn all the same", heldBack.Count);
        }
        // committed or not, they go at the time drawn: a draw is the same every time it is made
        foreach (var (id, at) in heldBack)
        {
            schedule.ScheduleAttempt(id, at);
        }
    }

    private async Task LoadPayloadsAsync(List<Flight> flights)
    {
        flights = flights.Where(f => f.Payload is null).ToList();
        if (flights.Count == 0)
        {
            return;
        }
        var eventIds = flights.Select(f => f.Delivery.EventId).Distinct().ToList();
        await using var db = await dbFactory.CreateDbContextAsync();
        var payloads = await db.WebhookEvents.AsNoTracking().Where(e => eventIds.Contains(e.Id))
            .Select(e => new { e.Id, e.Payload }).ToDictionaryAsync(e => e.Id, e => e.Payload);
        foreach (var flight in flights)
        {
            flight.Payload = payloads[flight.Delivery.EventId];
        }
    }

    /// <summary>
    /// Records the attempts as started at <paramref name="at"/>, in one transaction, with the fault
    /// lab's concurrent copies of those that want one, started at the same moment. Returns the
    /// flights to send: the attempts started and their copies. A scheduled delivery changed in the
    /// store since it was read (its version moved: cancelled by an endpoint's delete, say) is read
    /// again and started only if it is still waiting and due; otherwise it is let go here.
    /// </summary>
    private async Task<List<Flight>> BeginAsync(List<Flight> flights, DateTimeOffset at, bool byHand = false)
    {
        var copies = new List<Flight>();
        var letGo = new List<Flight>();
        if (flights.Count == 0)
        {
            return copies;
        }
        // queue lag is the schedule's: a send by hand was due at no time
        var dues = flights.ToDictionary(f => f, f => byHand ? null : f.Delivery.NextAttemptAt);
        await journal.CommitAsync(async (db, again) =>
        {
            copies.Clear();
            letGo.Clear();
            foreach (var flight in flights)
            {
                if (again)
                {
                    flight.Delivery = await db.Deliveries.FirstAsync(d => d.Id == flight.Delivery.Id);
                    if (!byHand && (flight.Delivery is not { IsPending: true, NextAttemptAt: { } due } || due > at))
                    {
                        letGo.Add(flight);
                        continue;
                    }
                }
                else
                {
                    db.Deliveries.Attach(flight.Delivery);
                }
                flight.Attempt = flight.Delivery.BeginAttempt(at, flight.Url);
                if (flight.CopyWanted)
                {
                    var copy = Delivery.CopyOf(flight.Delivery, DeliveryFault.ConcurrentDuplicate, at, at);
                    db.Deliveries.Add(copy);
                    copies.Add(new Flight(copy, flight.Url, flight.Faults) { Payload = flight.Payload, Attempt = copy.BeginAttempt(at, flight.Url) });
                }
            }
        });
        foreach (var flight in letGo)
        {
            logger.LogInformation("Delivery {DeliveryId} changed before its attempt could start ({Status}); it is not sent now", flight.Delivery.Id, flight.Delivery.Status);
            flight.Attempt = null;
            flight.Lease?.Dispose();
            Reschedule(flight.Delivery);
            Release(flight.Delivery.Id, flight.Guard);
        }
        var started = flights.Except(letGo).ToList();
        started.ForEach(f => telemetry.AttemptStarted(dues[f], at));
        foreach (var flight in started.Concat(copies))
        {
            live.Publish(LiveChangeKind.Delivery, flight.Delivery.Id);
        }
        foreach (var copy in copies)
        {
            // a copy goes at once beside its original, on a connection of its own: it takes no slot
            copy.Guard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _inFlight.TryAdd(copy.Delivery.Id, copy.Guard);
            logger.LogInformation("Fault lab: delivery {DeliveryId} goes out twice at once; the copy is delivery {CopyId}", copy.Delivery.DuplicateOfId, copy.Delivery.Id);
        }
        return [.. started, .. copies];
    }

    // An attempt that found its endpoint's slots taken: the clock goes on meanwhile; it starts when a slot frees.
    private async Task WaitThenFlyAsync(Flight flight)
    {
        List<Flight> begun;
        try
        {
            flight.Lease = await concurrency.EnterAsync(flight.EndpointId, _abort.Token);
            await LoadPayloadsAsync([flight]);
            using (clock.Hold())
            {
                begun = await BeginAsync([flight], clock.GetUtcNow());
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            // stopping before it started: the store still has it due
            flight.Lease?.Dispose();
            Release(flight.Delivery.Id, flight.Guard);
            return;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Delivery {DeliveryId} could not start; it is scheduled again", flight.Delivery.Id);
            flight.Lease?.Dispose();
            Reschedule(flight.Delivery);
            Release(flight.Delivery.Id, flight.Guard);
            return;
        }
        await Task.WhenAll(begun.Select(FlyScheduledAsync));
    }

    private async Task FlyScheduledAsync(Flight flight)
    {
        // the schedule's work is no part of whatever trace was current when its timer was armed
        Activity.Current = null;
        try
        {
            await FlyAsync(flight, retries: true);
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            // stopping: the attempt stays in flight in the store, and the next start marks it interrupted
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "The outcome of delivery {DeliveryId}'s attempt could not be saved; a restart marks it interrupted and resumes", flight.Delivery.Id);
        }
        finally
        {
            flight.Lease?.Dispose();
            Release(flight.Delivery.Id, flight.Guard);
        }
    }

    /// <summary>
    /// Sends a started attempt and writes its outcome with all that follows from it. With
    /// <paramref name="retries"/> (a scheduled delivery, not a test) a failure schedules the next
    /// attempt or fails the delivery, and a failed delivery starts the endpoint's failing episode.
    /// </summary>
    private async Task<AttemptOutcome> FlyAsync(Flight flight, bool retries)
    {
        using var trace = telemetry.StartAttempt(flight.Delivery, flight.Attempt!.Number, flight.Url);
        var outcome = await sender.SendAsync(flight.Url, flight.Payload!, _abort.Token);
        trace.Answered(outcome);
        flight.Payload = null;
        flight.Lease?.Dispose();
        var now = clock.GetUtcNow();
        var id = flight.Delivery.Id;
        var number = flight.Attempt!.Number;
        var transition = DeliveryTransition.Unchanged;
        DateTimeOffset? retryAt = null;
        WebhookEndpoint? failing = null;
        Delivery? duplicate = null;
        var recovered = false;
        await journal.CommitAsync(async (db, again) =>
        {
            failing = null;
            duplicate = null;
            recovered = false;
            if (again)
            {
                flight.Delivery = await db.Deliveries.FirstAsync(d => d.Id == id);
                flight.Attempt = await db.DeliveryAttempts.FirstAsync(a => a.DeliveryId == id && a.Number == number);
            }
            else
            {
                db.Deliveries.Attach(flight.Delivery);
            }
            var delivery = flight.Delivery;
            var completed = await completion.ApplyAsync(db, delivery, flight.Attempt, outcome, now, retries, flight.Faults);
            (transition, retryAt, failing, duplicate) = (completed.Transition, completed.RetryAt, completed.FailingEndpoint, completed.Duplicate);
            if (transition == DeliveryTransition.Succeeded && schedule.IsDisablingScheduled(delivery.EndpointId))
            {
                recovered = (await db.WebhookEndpoints.FindAsync(delivery.EndpointId))?.Recover(now) == true;
            }
        });
        trace.Saved(transition);
        // the attempt is over: let the next one (which may be due at once) start before it is scheduled
        Release(id, flight.Guard);
        After(flight.Delivery, transition, retryAt, outcome);
        if (duplicate is not null)
        {
            schedule.ScheduleAttempt(duplicate.Id, duplicate.NextAttemptAt!.Value);
            logger.LogInformation("Fault lab: delivery {DeliveryId} succeeded and goes again as delivery {CopyId} at {At}", id, duplicate.Id, duplicate.NextAttemptAt);
            live.Publish(LiveChangeKind.Delivery, duplicate.Id);
        }
        if (failing is not null)
        {
            schedule.ScheduleDisabling(failing.Id, failing.DisableAt!.Value);
            outbox.Wake();
            logger.LogWarning("Endpoint {EndpointId} ({Url}) is failing; it will be disabled at {DisableAt} unless addressed", failing.Id, failing.Url, failing.DisableAt);
            live.Publish(LiveChangeKind.Endpoint, failing.Id);
            live.Publish(LiveChangeKind.Email);
        }
        if (recovered)
        {
            schedule.UnscheduleDisabling(flight.Delivery.EndpointId);
            logger.LogInformation("Endpoint {EndpointId} recovered: a delivery succeeded", flight.Delivery.EndpointId);
            live.Publish(LiveChangeKind.Endpoint, flight.Delivery.EndpointId);
        }
        return outcome;
    }

    private void After(Delivery delivery, DeliveryTransition transition, DateTimeOffset? retryAt, AttemptOutcome outcome)
    {
        switch (transition)
        {
            case DeliveryTransition.RetryScheduled:
                schedule.ScheduleAttempt(delivery.Id, retryAt!.Value);
                logger.LogInformation("Delivery {DeliveryId} of {EventType}: attempt {Attempt} failed ({Result}); next at {NextAttemptAt}", delivery.Id, delivery.EventType, delivery.AttemptCount, outcome.Summary, retryAt);
                break;
            case DeliveryTransition.Failed when !delivery.IsTest:
                logger.LogWarning("Delivery {DeliveryId} of {EventType} failed after {Attempts} attempts", delivery.Id, delivery.EventType, delivery.AttemptCount);
                break;
            case DeliveryTransition.Stopped:
                logger.LogInformation("Delivery {DeliveryId} stopped: its endpoint is gone or disabled", delivery.Id);
                break;
        }
        live.Publish(LiveChangeKind.Delivery, delivery.Id);
    }

    /// <summary>Disables an endpoint whose failure was not addressed in time, with its pending deliveries and the notice, in one transaction.</summary>
    private async Task DisableAsync(int endpointId, DateTimeOffset at)
    {
        var cancelled = new List<long>();
        WebhookEndpoint? disabled = null;
        DateTimeOffset? later = null;
        await journal.CommitAsync(async (db, _) =>
        {
            cancelled.Clear();
            disabled = null;
            var endpoint = await db.WebhookEndpoints.FindAsync(endpointId);
            later = endpoint?.DisableAt > at ? endpoint.DisableAt : null;
            if (endpoint is null || !endpoint.DisableIfUnaddressed(at))
            {
                return;
            }
            // deliveries in flight have no next attempt: their outcome finds the endpoint disabled and stops them
            var pending = await db.Deliveries
                .Where(d => d.EndpointId == endpointId && d.Status == DeliveryStatus.Pending && d.NextAttemptAt != null).ToListAsync();
            foreach (var delivery in pending)
            {
                delivery.Cancel(at);
                cancelled.Add(delivery.Id);
            }
            outbox.Add(db, EmailKind.EndpointDisabled, endpoint, FailureEmails.EndpointDisabled(endpoint, pending.Count, at), at);
            disabled = endpoint;
        });
        if (later is { } moved)
        {
            schedule.ScheduleDisabling(endpointId, moved);
        }
        if (disabled is null)
        {
            return;
        }
        cancelled.ForEach(Unschedule);
        outbox.Wake();
        logger.LogWarning("Endpoint {EndpointId} ({Url}) disabled; {Count} pending deliveries stopped", endpointId, disabled.Url, cancelled.Count);
        live.Publish(LiveChangeKind.Endpoint, endpointId);
        live.Publish(LiveChangeKind.Delivery);
        live.Publish(LiveChangeKind.Email);
    }

    private void Unschedule(long deliveryId)
    {
        schedule.UnscheduleAttempt(deliveryId);
        _fresh.TryRemove(deliveryId, out _);
    }

    private void Reschedule(Delivery delivery)
    {
        if (delivery is { IsPending: true, IsTest: false })
        {
            schedule.ScheduleAttempt(delivery.Id, delivery.NextAttemptAt ?? clock.GetUtcNow() + options.Value.Delivery.BaseDelay);
        }
    }

    private async Task<TaskCompletionSource> ClaimAsync(long deliveryId, CancellationToken cancellationToken)
    {
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        while (!_inFlight.TryAdd(deliveryId, mine))
        {
            if (_inFlight.TryGetValue(deliveryId, out var other))
            {
                await other.Task.WaitAsync(cancellationToken);
            }
        }
        return mine;
    }

    private void Release(long deliveryId, TaskCompletionSource? guard)
    {
        if (guard is not null && _inFlight.TryRemove(new KeyValuePair<long, TaskCompletionSource>(deliveryId, guard)))
        {
            guard.TrySetResult();
        }
    }

    /// <summary>One attempt on its way: the delivery row as read (no attempts), where it goes, the body while needed.</summary>
    private sealed class Flight(Delivery delivery, string url, FaultSettings faults)
    {
        public Delivery Delivery { get; set; } = delivery;

        public string Url { get; } = url;

        /// <summary>The endpoint's fault lab, as read for this attempt.</summary>
        public FaultSettings Faults { get; } = faults;

        /// <summary>The fault lab drew a concurrent copy: its first attempt starts with this one.</summary>
        public bool CopyWanted { get; init; }

        public int EndpointId => Delivery.EndpointId;

        public string? Payload { get; set; }

        public DeliveryAttempt? Attempt { get; set; }

        public IDisposable? Lease { get; set; }

        /// <summary>Keeps other attempts of the delivery out while this one runs.</summary>
        public TaskCompletionSource? Guard { get; set; }
    }
}
