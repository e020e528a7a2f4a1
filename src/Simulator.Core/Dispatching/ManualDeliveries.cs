using Microsoft.EntityFrameworkCore;
using Simulator.Core.Clock;
using Simulator.Core.Domain;
using Simulator.Core.Persistence;

namespace Simulator.Core.Dispatching;

/// <summary>
/// Attempts asked for by hand: "Send test" (a new test delivery, created and started in one
/// transaction) and "Send again" (one more attempt of a delivery), through one path; and "Stop
/// retrying". A send by hand does not wait behind due attempts lined up for the endpoint (it takes
/// the next slot that frees), and gives up when its caller does.
/// </summary>
public sealed class ManualDeliveries(
    IDbContextFactory<SimulatorDbContext> dbFactory,
    AttemptRunner attempts,
    DeliveryGuards guards,
    DeliveryConcurrency concurrency,
    DeliveryJournal journal,
    SimulationClock clock,
    WorkTracker tracker)
{
    /// <summary>Sends a delivery again now: one more attempt; a pending delivery then goes on by its schedule.</summary>
    public async Task<AttemptOutcome> SendAgainAsync(long deliveryId, CancellationToken cancellationToken = default) =>
        (await SendAsync(ByHand.Again(deliveryId), cancellationToken)).Outcome;

    /// <summary>
    /// "Send test": a test delivery to the endpoint, whatever its status, of the body
    /// <paramref name="payload"/> writes for the moment it starts; one attempt, now. Returns the delivery's id.
    /// </summary>
    public async Task<long> SendTestAsync(int endpointId, string eventType, int objectId, Func<DateTimeOffset, string> payload, CancellationToken cancellationToken = default) =>
        (await SendAsync(ByHand.Test(endpointId, eventType, objectId, payload), cancellationToken)).DeliveryId;

    /// <summary>Stops retrying a pending delivery (an attempt in flight is let finish first).</summary>
    public async Task CancelAsync(long deliveryId, CancellationToken cancellationToken = default)
    {
        using var guard = await guards.TakeAsync(deliveryId, cancellationToken);
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
        await journal.CommitAsync(async (db, _) => (await db.Deliveries.FirstAsync(d => d.Id == deliveryId)).Cancel(now));
    }

    private async Task<(long DeliveryId, AttemptOutcome Outcome)> SendAsync(ByHand request, CancellationToken cancellationToken)
    {
        tracker.Enter();
        try
        {
            var target = await TargetAsync(request, cancellationToken);
            var slot = await concurrency.EnterAsync(target.EndpointId, cancellationToken);
            IDisposable? guard = null;
            Flight flight;
            try
            {
                guard = request.DeliveryId is { } id ? await guards.TakeAsync(id, cancellationToken) : null;
                using (clock.Hold(DeliverySchedule.HoldBound))
                {
                    flight = await BeginAsync(request, target, slot, guard, clock.GetUtcNow());
                }
            }
            catch
            {
                slot.Dispose();
                guard?.Dispose();
                throw;
            }
            return (flight.Delivery.Id, await attempts.FlyAsync(flight));
        }
        finally
        {
            tracker.Exit();
        }
    }

    private async Task<Target> TargetAsync(ByHand request, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (request.DeliveryId is not { } deliveryId)
        {
            var endpoint = await db.WebhookEndpoints.AsNoTracking().FirstOrDefaultAsync(e => e.Id == request.EndpointId, cancellationToken)
                ?? throw new KeyNotFoundException($"Webhook endpoint {request.EndpointId} does not exist.");
            return new Target(endpoint.Id, endpoint.Url, endpoint.Faults, null);
        }
        var delivery = await db.Deliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deliveryId, cancellationToken)
            ?? throw new KeyNotFoundException($"Delivery {deliveryId} does not exist.");
        var target = await db.WebhookEndpoints.AsNoTracking().FirstOrDefaultAsync(e => e.Id == delivery.EndpointId, cancellationToken)
            ?? throw new DomainRuleException("Endpoint deleted", $"The endpoint of delivery {deliveryId} has been deleted: there is nowhere to send it.");
        var payload = await db.WebhookEvents.AsNoTracking().Where(e => e.Id == delivery.EventId).Select(e => e.Payload).FirstAsync(cancellationToken);
        return new Target(target.Id, target.Url, target.Faults, payload);
    }

    // one transaction: the test event and delivery with its attempt started, or the next attempt of the delivery
    private async Task<Flight> BeginAsync(ByHand request, Target target, IDisposable slot, IDisposable? guard, DateTimeOffset at)
    {
        if (request.DeliveryId is { } deliveryId)
        {
            var row = await ReadAsync(deliveryId);
            var flights = await attempts.BeginAsync([new Flight(row, target.Url, target.Faults, slot, guard) { Payload = target.Payload }], at);
            return flights[0];
        }
        Delivery? delivery = null;
        DeliveryAttempt? attempt = null;
        var payload = request.Write!(at);
        await journal.CommitAsync(async (db, _) =>
        {
            var webhookEvent = new WebhookEvent(request.EventType!, request.ObjectId, at, payload, isTest: true);
            db.WebhookEvents.Add(webhookEvent);
            var endpoint = await db.WebhookEndpoints.FindAsync(target.EndpointId)
                ?? throw new KeyNotFoundException($"Webhook endpoint {target.EndpointId} does not exist.");
            delivery = new Delivery(webhookEvent, endpoint, at);
            attempt = delivery.BeginAttempt(at, endpoint.Url);
            db.Deliveries.Add(delivery);
        });
        return new Flight(delivery!, attempt!.Url, target.Faults, slot, guards.TryTake(delivery!.Id)) { Payload = payload, Attempt = attempt };
    }

    private async Task<Delivery> ReadAsync(long deliveryId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Deliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deliveryId)
            ?? throw new KeyNotFoundException($"Delivery {deliveryId} does not exist.");
    }

    private sealed record Target(int EndpointId, string Url, FaultSettings Faults, string? Payload);

    /// <summary>What is asked for: another attempt of a delivery, or a test of a payload to an endpoint.</summary>
    private sealed record ByHand(long? DeliveryId, int EndpointId, string? EventType, int ObjectId, Func<DateTimeOffset, string>? Write)
    {
        public static ByHand Again(long deliveryId) => new(deliveryId, 0, null, 0, null);

        public static ByHand Test(int endpointId, string eventType, int objectId, Func<DateTimeOffset, string> write) => new(null, endpointId, eventType, objectId, write);
    }
}
