using Microsoft.EntityFrameworkCore;
using Simulator.Core.Domain;
using Simulator.Core.Live;
using Simulator.Core.Notifications;
using Simulator.Core.Persistence;

namespace Simulator.Core.Dispatching;

/// <summary>
/// What follows a commit, derived from the rows it wrote and from nothing else, in one place (the
/// way Hangfire's state handler keeps its scheduled set inside the state change): a pending
/// delivery with a next attempt is on the due-queue and anything else is off it; an active endpoint
/// with a disabling time has its disabling scheduled and any other has none; an attempt that starts
/// notes when its retry would be due, one that ends lets go of it; a new e-mail wakes the sender;
/// every row written is a live change for the UI. No service touches the schedule.
/// </summary>
public sealed class CommitEffects(
    DeliverySchedule schedule,
    DeliveryConcurrency concurrency,
    BackoffSchedule backoff,
    EmailOutbox outbox,
    LiveUpdates live) : ICommitObserver
{
    public void Committed(IReadOnlyList<CommittedEntity> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var mail = false;
        Dictionary<long, Delivery>? deliveries = null;
        foreach (var (entity, state) in changes)
        {
            switch (entity)
            {
                case Delivery delivery:
                    Follow(delivery, state);
                    live.Publish(LiveChangeKind.Delivery, delivery.Id);
                    break;
                case DeliveryAttempt attempt:
                    deliveries ??= changes.Select(c => c.Entity).OfType<Delivery>().ToDictionary(d => d.Id);
                    Follow(attempt, deliveries);
                    break;
                case WebhookEndpoint endpoint:
                    Follow(endpoint, state);
                    live.Publish(LiveChangeKind.Endpoint, endpoint.Id);
                    break;
                case OutboxEmail email:
                    mail |= state == EntityState.Added && email.AwaitsSending;
                    live.Publish(LiveChangeKind.Email, email.Id);
                    break;
                case WebhookEvent webhookEvent:
                    live.Publish(LiveChangeKind.Event, webhookEvent.Id);
                    break;
                case SoapNote note:
                    live.Publish(LiveChangeKind.SoapNote, note.Id);
                    break;
                case Account:
                    live.Publish(LiveChangeKind.Account);
                    break;
            }
        }
        if (mail)
        {
            outbox.Wake();
        }
    }

    private void Follow(Delivery delivery, EntityState state)
    {
        if (state != EntityState.Deleted && delivery is { IsPending: true, NextAttemptAt: { } at })
        {
            schedule.ScheduleAttempt(delivery.Id, delivery.EndpointId, at);
        }
        else
        {
            schedule.UnscheduleAttempt(delivery.Id);
        }
    }

    private void Follow(DeliveryAttempt attempt, Dictionary<long, Delivery> deliveries)
    {
        if (!attempt.IsInFlight)
        {
            schedule.ReleaseRetryHold(attempt.DeliveryId);
            return;
        }
        // started: the delivery is in the same commit (its attempt count moved)
        if (deliveries.GetValueOrDefault(attempt.DeliveryId) is { IsPending: true, Retries: true, FirstAttemptAt: { } first }
            && backoff.NextAttemptAt(attempt.DeliveryId, attempt.Number, first, attempt.StartedAt) is { } retryAt)
        {
            schedule.HoldForRetry(attempt.DeliveryId, retryAt);
        }
    }

    private void Follow(WebhookEndpoint endpoint, EntityState state)
    {
        if (state != EntityState.Deleted && endpoint is { Status: EndpointStatus.Active, DisableAt: { } at })
        {
            schedule.ScheduleDisabling(endpoint.Id, at);
        }
        else
        {
            schedule.UnscheduleDisabling(endpoint.Id);
        }
        if (state == EntityState.Deleted)
        {
            concurrency.Forget(endpoint.Id);
        }
    }
}
