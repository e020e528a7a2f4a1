using Microsoft.EntityFrameworkCore;
using Simulator.Core.Domain;
using Simulator.Core.Payloads;
using Simulator.Core.Persistence;

namespace Simulator.Core.Webhooks;

/// <summary>
/// Raises an event for a SOAP note in the caller's unit of work: the event with its exact body
/// and one delivery for every endpoint that is active and subscribed to the type, no other.
/// </summary>
public static class EventFanOut
{
    public static async Task<(WebhookEvent Event, List<(Delivery Delivery, WebhookEndpoint Endpoint)> Deliveries)> RaiseAsync(
        SimulatorDbContext db, string eventType, SoapNote note, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(note);
        var webhookEvent = new WebhookEvent(eventType, note.Id, now, WebhookPayload.Write(eventType, note, now), isTest: false);
        db.WebhookEvents.Add(webhookEvent);
        var active = await db.WebhookEndpoints.AsNoTracking().Where(e => e.Status == EndpointStatus.Active).ToListAsync(cancellationToken);
        var deliveries = active
            .Where(e => e.Receives(eventType))
            .Select(e => (new Delivery(webhookEvent, e, now), e))
            .ToList();
        // inserted by the save without change tracking, after the event they belong to
        deliveries.ForEach(d => db.Transitions.Created(d.Item1));
        return (webhookEvent, deliveries);
    }
}
