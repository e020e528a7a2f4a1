using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Simulator.Core.Domain;
using Simulator.Core.Notifications;

namespace Simulator.Core.Dispatching;

/// <summary>
/// An endpoint whose failure was not addressed by its disabling time is disabled: the endpoint, its
/// waiting deliveries cancelled and the notice e-mail, in one transaction. Deliveries in flight have
/// no next attempt: their outcome finds the endpoint disabled and stops them. Written only by the
/// process that claims it (<see cref="IDueClaims"/>), so the notice is written once.
/// </summary>
public sealed class EndpointDisabling(DeliveryJournal journal, EmailOutbox outbox, IDueClaims claims, ILogger<EndpointDisabling> logger)
{
    /// <summary>Disables the endpoint if its disabling is due at <paramref name="at"/>; returns when it is due otherwise (moved later meanwhile), or null.</summary>
    public async Task<DateTimeOffset?> DisableAsync(long endpointId, DateTimeOffset at)
    {
        var cancelled = 0;
        var disabled = false;
        DateTimeOffset? later = null;
        if (!await claims.ClaimDisablingAsync((int)endpointId, at))
        {
            return null; // another process writes it
        }
        await journal.CommitAsync(async (db, _) =>
        {
            cancelled = 0;
            disabled = false;
            var endpoint = await db.WebhookEndpoints.FindAsync((int)endpointId);
            later = endpoint is { Status: EndpointStatus.Active, DisableAt: { } disableAt } && disableAt > at ? disableAt : null;
            if (endpoint is null || !endpoint.DisableIfUnaddressed(at))
            {
                return;
            }
            var pending = await db.Deliveries
                .Where(d => d.EndpointId == endpoint.Id && d.Status == DeliveryStatus.Pending && d.NextAttemptAt != null).ToListAsync();
            pending.ForEach(d => d.Cancel(at));
            outbox.Add(db, EmailKind.EndpointDisabled, endpoint, FailureEmails.EndpointDisabled(endpoint, pending.Count, at), at);
            (cancelled, disabled) = (pending.Count, true);
        });
        if (disabled)
        {
            logger.LogWarning("Endpoint {EndpointId} disabled; {Count} pending deliveries stopped", endpointId, cancelled);
        }
        return later;
    }
}
