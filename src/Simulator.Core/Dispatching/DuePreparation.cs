using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Simulator.Core.Domain;
using Simulator.Core.FaultLab;
using Simulator.Core.Persistence;

namespace Simulator.Core.Dispatching;

/// <summary>
/// The first stage of due work: reads the due rows (one query for the batch) and decides, for each
/// due attempt that holds a slot, whether it goes now. One whose row changed meanwhile is let go
/// (the commit that changed it put it where it belongs); one whose endpoint is gone or disabled is
/// cancelled; the fault lab may hold back a first attempt (so later events overtake it) or want a
/// copy sent beside it. Cancellations and hold-backs are one transaction. An attempt whose delivery
/// is busy by hand goes back on the schedule as soon as it is free. Only the attempts this process
/// claims are prepared (<see cref="IDueClaims"/>: all of them, unless other processes share the store).
/// The endpoints come from <see cref="EndpointRoster"/>'s kept copy where this process is the store's
/// one writer (as current as a read: it is dropped by any commit that writes an endpoint), else from the store.
/// </summary>
public sealed class DuePreparation(
    IDbContextFactory<SimulatorDbContext> dbFactory,
    DeliveryJournal journal,
    FaultLabHooks faultLab,
    DeliveryGuards guards,
    IDueClaims claims,
    ILogger<DuePreparation> logger,
    EndpointRoster? roster = null)
{
    /// <summary>The flights to start, each holding its slot and guard; slots of the others are given back.</summary>
    internal async Task<Prepared> PrepareAsync(IReadOnlyList<DueAttempt> due, DateTimeOffset at)
    {
        var mine = await claims.ClaimAttemptsAsync(due.Select(d => d.DeliveryId).ToList(), at);
        foreach (var other in due.Where(d => !mine.Contains(d.DeliveryId)))
        {
            other.Slot.Dispose(); // another process runs it
        }
        due = due.Where(d => mine.Contains(d.DeliveryId)).ToList();
        var ids = due.Select(d => d.DeliveryId).ToList();
        Dictionary<long, Delivery> rows;
        Dictionary<long, string?> payloads;
        IReadOnlyDictionary<int, WebhookEndpoint> endpoints;
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            // the rows with their event's body: one read (the bodies are stored once per event)
            var read = await db.Deliveries.AsNoTracking().Where(d => ids.Contains(d.Id))
                .LeftJoin(db.WebhookEvents, d => d.EventId, e => e.Id, (d, e) => new { Delivery = d, Payload = e == null ? null : e.Payload })
                .ToListAsync();
            rows = read.ToDictionary(r => r.Delivery.Id, r => r.Delivery);
            payloads = read.ToDictionary(r => r.Delivery.Id, r => r.Payload);
            if (roster is not null && await roster.PeekAsync(db, CancellationToken.None) is { } kept)
            {
                endpoints = kept.All;
            }
            else
            {
                var endpointIds = rows.Values.Select(d => d.EndpointId).Distinct().ToList();
                endpoints = await db.WebhookEndpoints.AsNoTracking().Where(e => endpointIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id);
            }
        }
        var prepared = new Prepared();
        var stopped = new List<long>();
        var heldBack = new Dictionary<long, DateTimeOffset>();
        foreach (var attempt in due)
        {
            var delivery = rows.GetValueOrDefault(attempt.DeliveryId);
            var next = delivery?.NextAttemptAt;
            if (delivery is not { IsPending: true, Kind: not DeliveryKind.Test } || next is null || next > at)
            {
                attempt.Slot.Dispose(); // finished, in flight, or moved meanwhile: its own commit scheduled it
                continue;
            }
            if (!endpoints.TryGetValue(delivery.EndpointId, out var endpoint) || endpoint.Status == EndpointStatus.Disabled)
            {
                attempt.Slot.Dispose();
                stopped.Add(delivery.Id);
                continue;
            }
            var faults = endpoint.Faults; // built from the endpoint's columns: once per delivery
            var fault = faultLab.BeforeFirstAttempt(delivery, faults, at);
            if (fault.HoldBackUntil is { } until)
            {
                attempt.Slot.Dispose();
                heldBack[delivery.Id] = until;
                continue;
            }
            var guard = guards.TryTake(delivery.Id);
            if (guard is null)
            {
                attempt.Slot.Dispose();
                prepared.Busy.Add(attempt.Entry); // sent by hand right now
                continue;
            }
            prepared.Flights.Add(new Flight(delivery, endpoint.Url, faults, attempt.Slot, guard) { Due = next, CopyWanted = fault.CopyNow });
        }
        try
        {
            if (stopped.Count + heldBack.Count > 0)
            {
                await StopAndHoldBackAsync(stopped, heldBack, at);
            }
            prepared.Flights.ForEach(f => f.Payload = payloads[f.Delivery.Id] ?? throw new KeyNotFoundException($"The body of event {f.Delivery.EventId} is not in the store."));
        }
        catch
        {
            prepared.Flights.ForEach(f => f.Dispose());
            throw;
        }
        return prepared;
    }

    private async Task StopAndHoldBackAsync(List<long> stopped, Dictionary<long, DateTimeOffset> heldBack, DateTimeOffset at)
    {
        var ids = stopped.Concat(heldBack.Keys).ToList();
        await journal.CommitAsync(async (db, _) =>
        {
            foreach (var delivery in await db.Deliveries.Where(d => ids.Contains(d.Id) && d.Status == DeliveryStatus.Pending).ToListAsync())
            {
                if (heldBack.TryGetValue(delivery.Id, out var until))
                {
                    if (delivery is { AttemptCount: 0, Fault: null })
                    {
                        delivery.HoldBack(until);
                    }
                }
                else
                {
                    delivery.Cancel(at);
                }
            }
        });
        if (stopped.Count > 0)
        {
            logger.LogInformation("{Count} deliveries stopped: their endpoint is gone or disabled", stopped.Count);
        }
        if (heldBack.Count > 0)
        {
            logger.LogInformation("Fault lab: {Count} deliveries held back so that later events can overtake them", heldBack.Count);
        }
    }
}

/// <summary>What the preparation decided: flights to start now, and due attempts whose delivery is busy by hand.</summary>
internal sealed class Prepared
{
    public List<Flight> Flights { get; } = [];

    public List<DueEntry> Busy { get; } = [];
}
