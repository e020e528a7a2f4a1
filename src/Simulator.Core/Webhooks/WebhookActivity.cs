using Microsoft.EntityFrameworkCore;
using Simulator.Core.Dispatching;
using Simulator.Core.Domain;
using Simulator.Core.Persistence;

namespace Simulator.Core.Webhooks;

/// <summary>What happened: events raised, deliveries with their attempts, e-mails; and manual control of deliveries.</summary>
public sealed class WebhookActivity(IDbContextFactory<SimulatorDbContext> dbFactory, ManualDeliveries manual, DeliverySchedule schedule)
{
    /// <summary>The most any list returns at once (README.md, "Security": <c>limit</c> 1..1000).</summary>
    public const int MaxListLimit = 1000;

    public async Task<List<Delivery>> DeliveriesAsync(DeliveryFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Deliveries.AsNoTracking();
        if (filter.EndpointId is { } endpointId)
        {
            query = query.Where(d => d.EndpointId == endpointId);
        }
        if (filter.EventId is { } eventId)
        {
            query = query.Where(d => d.EventId == eventId);
        }
        if (filter.Status is { } status)
        {
            query = query.Where(d => d.Status == status);
        }
        if (filter.BeforeId is { } beforeId)
        {
            query = query.Where(d => d.Id < beforeId);
        }
        return await query.OrderByDescending(d => d.Id).Take(Math.Clamp(filter.Limit, 1, MaxListLimit))
            .Include(d => d.Attempts).AsSplitQuery()
            .ToListAsync(cancellationToken);
    }

    public async Task<Delivery?> DeliveryAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Deliveries.AsNoTracking().Include(d => d.Event).Include(d => d.Attempts).AsSplitQuery()
            .FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
    }

    /// <summary>The earliest next attempt of any waiting delivery ("advance to the next attempt"): the schedule's head, read only.</summary>
    public DateTimeOffset? NextAttemptAt => schedule.NextAttemptAt;

    public async Task<Delivery> RetryAsync(long id, CancellationToken cancellationToken = default)
    {
        await manual.SendAgainAsync(id, cancellationToken);
        return await DeliveryAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"Delivery {id} does not exist.");
    }

    public async Task<Delivery> CancelAsync(long id, CancellationToken cancellationToken = default)
    {
        await manual.CancelAsync(id, cancellationToken);
        return await DeliveryAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"Delivery {id} does not exist.");
    }

    /// <summary>Events with their status, newest first; test sends included unless filtered out (see <see cref="EventFilter"/>).</summary>
    public async Task<List<EventSummary>> EventsAsync(EventFilter? filter = null, CancellationToken cancellationToken = default)
    {
        filter ??= new EventFilter();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var events = db.WebhookEvents.AsNoTracking();
        if (filter.IsTest is { } isTest)
        {
            events = events.Where(e => e.IsTest == isTest);
        }
        if (filter.BeforeId is { } beforeId)
        {
            events = events.Where(e => e.Id < beforeId);
        }
        var query = EventSummary.Query(events, db.Deliveries);
        if (filter.Status is { } status)
        {
            query = query.Where(s => s.Status == status);
        }
        return await query.OrderByDescending(s => s.Event.Id).Take(Math.Clamp(filter.Limit, 1, MaxListLimit)).ToListAsync(cancellationToken);
    }

    public async Task<EventSummary?> EventAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await EventSummary.Query(db.WebhookEvents.AsNoTracking().Where(e => e.Id == id), db.Deliveries)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The outbox, newest first: at most <paramref name="limit"/> e-mails (1..1000), only ids below <paramref name="beforeId"/> when given.</summary>
    public async Task<List<OutboxEmail>> EmailsAsync(int limit = 100, int? beforeId = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var emails = db.Emails.AsNoTracking();
        if (beforeId is { } before)
        {
            emails = emails.Where(e => e.Id < before);
        }
        return await emails.OrderByDescending(e => e.Id).Take(Math.Clamp(limit, 1, MaxListLimit)).ToListAsync(cancellationToken);
    }
}
