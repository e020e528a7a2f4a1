using Microsoft.Extensions.Options;
using Simulator.Core.Domain;
using Simulator.Core.FaultLab;
using Simulator.Core.Notifications;
using Simulator.Core.Persistence;

namespace Simulator.Core.Dispatching;

/// <summary>What an attempt's outcome came to, applied in the caller's unit of work.</summary>
/// <param name="FailingEndpoint">the endpoint whose failing episode this outcome started (its e-mail is in the unit of work)</param>
/// <param name="Recovered">the outcome ended its endpoint's failing episode</param>
/// <param name="Duplicate">the fault lab's copy of a delivery that just succeeded, added to the unit of work, due later</param>
public sealed record AttemptCompleted(DeliveryTransition Transition, DateTimeOffset? RetryAt, WebhookEndpoint? FailingEndpoint, bool Recovered, Delivery? Duplicate);

/// <summary>
/// The one place that decides what an attempt's outcome means, with every consequence, from the
/// rows of the outcome's own unit of work, for the dispatcher, the sweep and the recovery after a
/// crash alike. A failure of a pending delivery that retries (live or copy) schedules the next
/// attempt by the <see cref="BackoffSchedule"/>, stops the delivery when its endpoint is gone or
/// disabled, or fails it, and a failed delivery starts its endpoint's failing episode with the
/// e-mail. A success ends the endpoint's failing episode (whatever the delivery's kind: a test send
/// that succeeds addresses the failure too), and a live delivery's success may be copied by the
/// fault lab.
/// </summary>
public sealed class AttemptCompletion(BackoffSchedule backoff, EmailOutbox outbox, FaultLabHooks faultLab, IOptions<SimulatorOptions> options, EndpointRoster? endpoints = null)
{
    public async Task<AttemptCompleted> ApplyAsync(SimulatorDbContext db, Delivery delivery, DeliveryAttempt attempt, AttemptOutcome outcome, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(outcome);
        var wasPending = delivery.IsPending;
        var retries = wasPending && delivery.Retries && !outcome.Succeeded;
        var (endpoint, kept) = retries || outcome.Succeeded ? await EndpointAsync(db, delivery.EndpointId) : (null, false);
        var stopped = retries && endpoint is null or { Status: EndpointStatus.Disabled };
        var retryAt = retries && !stopped ? backoff.NextAttemptAt(delivery.Id, delivery.AttemptCount, delivery.FirstAttemptAt!.Value, attempt.StartedAt) : null;
        var transition = delivery.CompleteAttempt(attempt, outcome, now, retryAt, stopped);
        if (transition == DeliveryTransition.Succeeded)
        {
            var recovered = endpoint is { Status: EndpointStatus.Active, IsFailing: true } && endpoint.Recover(now);
            var duplicate = wasPending ? faultLab.AfterSuccess(delivery, endpoint?.Faults, now) : null;
            if (duplicate is not null)
            {
                db.Deliveries.Add(duplicate);
            }
            return new AttemptCompleted(transition, null, null, recovered, duplicate);
        }
        var grace = options.Value.Endpoints.DisableAfter;
        if (transition == DeliveryTransition.Failed && retries && kept)
        {
            // the kept copy decided the retry; the failing episode changes the row, so it is read tracked
            endpoint = await db.WebhookEndpoints.FindAsync(delivery.EndpointId);
        }
        if (transition == DeliveryTransition.Failed && retries && endpoint!.StartFailing(now, grace))
        {
            outbox.Add(db, EmailKind.EndpointFailing, endpoint, FailureEmails.EndpointFailing(endpoint, delivery, outcome, grace), now);
            return new AttemptCompleted(transition, retryAt, endpoint, false, null);
        }
        return new AttemptCompleted(transition, retryAt, null, false, null);
    }

    // the kept copy (no endpoint committed since it was read) where the outcome only reads it: active and not failing;
    // otherwise the row, tracked, as the outcome may change it (a recovery, a failing episode)
    // (a row this unit of work already tracks may have changed in it: that one, then)
    private async Task<(WebhookEndpoint? Endpoint, bool Kept)> EndpointAsync(SimulatorDbContext db, int endpointId)
    {
        if (endpoints?.Kept(endpointId) is { Status: EndpointStatus.Active, IsFailing: false } kept && db.WebhookEndpoints.Local.FindEntry(endpointId) is null)
        {
            return (kept, true);
        }
        return (await db.WebhookEndpoints.FindAsync(endpointId), false);
    }
}
