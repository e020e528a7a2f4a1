using Simulator.Core.Domain;

namespace Simulator.Core.Webhooks;

/// <summary>An event with its status, as read from the store.</summary>
public sealed record EventSummary
{
    public required WebhookEvent Event { get; init; }

    public required EventStatus Status { get; init; }

    /// <summary>
    /// Events with their status, computed by the store: one scalar subquery per event over its
    /// deliveries (by <c>EventId</c>), no delivery loaded. The status rule lives here and only here:
    /// a counted delivery that is pending stands for Pending, one that failed or was cancelled for
    /// Failed, one that succeeded for Delivered, and the event takes the greatest of these in
    /// <see cref="EventStatus"/>'s order: pending, else failed, else delivered (also when the event
    /// owed nothing).
    /// </summary>
    /// <remarks>
    /// A delivery counts toward its event's status when it is of the event's own kind and not an
    /// injected copy: a live event ignores test deliveries and the fault lab's copies (a delivery
    /// with <c>DuplicateOfId</c>), and a test event (which has exactly one delivery, itself a test)
    /// takes that delivery's status: pending while it is in flight, delivered when it succeeded,
    /// failed when it failed. A reordered delivery is the event's own delivery, held back: it
    /// counts. Member-initialised (not positional) so that <c>Where</c> and <c>OrderBy</c> on it are
    /// translated too.
    /// </remarks>
    public static IQueryable<EventSummary> Query(IQueryable<WebhookEvent> events, IQueryable<Delivery> deliveries) =>
        events.Select(e => new EventSummary
        {
            Event = e,
            Status = deliveries
                .Where(d => d.EventId == e.Id && d.IsTest == e.IsTest && d.DuplicateOfId == null) // counts toward the event's status
                .Max(d => (EventStatus?)(d.Status == DeliveryStatus.Pending ? EventStatus.Pending
                    : d.Status == DeliveryStatus.Failed || d.Status == DeliveryStatus.Cancelled ? EventStatus.Failed
                    : EventStatus.Delivered))
                ?? EventStatus.Delivered,
        });
}
