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
    /// <summary>
    /// The event and its deliveries to the <paramref name="active"/> endpoints (read in the caller's
    /// transaction, or known to be current in it), inserted by the context's next save without change
    /// tracking, the deliveries after the event they belong to.
    /// </summary>
    public static (WebhookEvent Event, List<(Delivery Delivery, WebhookEndpoint Endpoint)> Deliveries) Raise(
        SimulatorDbContext db, string eventType, SoapNote note, DateTimeOffset now, IReadOnlyList<WebhookEndpoint> active)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(note);
        ArgumentNullException.ThrowIfNull(active);
        var webhookEvent = new WebhookEvent(eventType, note.Id, now, WebhookPayload.Write(eventType, note, now), isTest: false);
        db.Transitions.Raised(webhookEvent);
        var deliveries = active
            .Where(e => e.Receives(eventType))
            .Select(e => (new Delivery(webhookEvent, e, now), e))
            .ToList();
        deliveries.ForEach(d => db.Transitions.Created(d.Item1));
        return (webhookEvent, deliveries);
    }
}
