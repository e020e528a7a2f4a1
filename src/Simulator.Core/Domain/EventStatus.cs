namespace Simulator.Core.Domain;

/// <summary>
/// Where an event stands over all the deliveries it owes: <see cref="Pending"/> while one is
/// pending, <see cref="Failed"/> when one failed or was cancelled, else <see cref="Delivered"/>
/// (also when nothing was owed). Computed by the store query in <see cref="Webhooks.EventSummary"/>.
/// </summary>
/// <remarks>
/// Declared in order of precedence, the one that wins last: an event's status is the greatest of
/// its deliveries' (a pending retry outweighs a failure elsewhere, a failure outweighs successes).
/// </remarks>
public enum EventStatus
{
    Delivered,
    Failed,
    Pending,
}
