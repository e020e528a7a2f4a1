using Microsoft.Extensions.Options;
using Simulator.Core.Domain;
using Simulator.Core.Notifications;
using Simulator.Core.Persistence;

namespace Simulator.Core.Dispatching;

/// <summary>What an attempt's outcome came to, applied in the caller's unit of work.</summary>
/// <param name="Duplicate">the fault lab's copy of a delivery that just succeeded, added to the unit of work, due later</param>
public sealed record AttemptCompleted(DeliveryTransition Transition, DateTimeOffset? RetryAt, WebhookEndpoint? FailingEndpoint, Delivery? Duplicate = null);

/// <summary>
/// The one place that decides what an attempt's outcome means, for the dispatcher and for the
/// recovery after a crash alike: with <c>retries</c> (a scheduled delivery, not a test) a failure
/// schedules the next attempt by the <see cref="BackoffSchedule"/>, stops the delivery when its
/// endpoint is gone or disabled, or fails it; a failed delivery starts its endpoint's failing
/// episode with the e-mail, in the same unit of work. A live delivery that succeeds is copied when
/// its endpoint's fault lab (the <c>faults</c> given to <c>ApplyAsync</c>) draws a duplicate.
/// </summary>
public sealed class AttemptCompletion(BackoffSchedule backoff, EmailOutbox outbox, IOptions<SimulatorOptions> options)
{
    public async Task<AttemptCompleted> ApplyAsync(
        SimulatorDbContext db, Delivery delivery, DeliveryAttempt attempt, AttemptOutcome outcome, DateTimeOffset now, bool retries, FaultSettings? faults = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(outcome);
        WebhookEndpoint? endpoint = null;
        var stopped = false;
        DateTimeOffset? retryAt = null;
        if (!outcome.Succeeded && retries && delivery.IsPending)
        {
            endpoint = await db.WebhookEndpoints.FindAsync(delivery.EndpointId);
            stopped = endpoint is null || endpoint.Status == EndpointStatus.Disabled;
            retryAt = stopped ? null : backoff.NextAttemptAt(delivery.Id, delivery.AttemptCount, delivery.FirstAttemptAt!.Value, attempt.StartedAt);
        }
        var wasPending = delivery.IsPending;
        var transition = delivery.CompleteAttempt(attempt, outcome, now, retryAt, stopped);
        if (transition == DeliveryTransition.Succeeded && wasPending && retries && !delivery.IsCopy
            && faults is { IsOn: true } && faults.Draw(delivery.EndpointId, delivery.EventId) is { Duplicate: true } draw)
        {
            var duplicate = Delivery.CopyOf(delivery, DeliveryFault.Duplicate, now, now + draw.DuplicateDelay);
            db.Deliveries.Add(duplicate);
            return new AttemptCompleted(transition, retryAt, null, duplicate);
        }
        var grace = options.Value.Endpoints.DisableAfter;
        if (transition == DeliveryTransition.Failed && retries && endpoint!.StartFailing(now, grace))
        {
            outbox.Add(db, EmailKind.EndpointFailing, endpoint, FailureEmails.EndpointFailing(endpoint, delivery, outcome, grace), now);
            return new AttemptCompleted(transition, retryAt, endpoint);
        }
        return new AttemptCompleted(transition, retryAt, null);
    }
}
