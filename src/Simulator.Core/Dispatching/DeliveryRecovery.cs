using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Simulator.Core.Clock;
using Simulator.Core.Domain;
using Simulator.Core.Persistence;

namespace Simulator.Core.Dispatching;

/// <summary>
/// At start, before anything is sent: finishes what a crash (kill -9, power cut) left half done, in
/// one transaction, and fills the <see cref="DeliverySchedule"/> from the store.
/// </summary>
public sealed class DeliveryRecovery(
    IDbContextFactory<SimulatorDbContext> dbFactory,
    SimulationClock clock,
    AttemptCompletion completion,
    DeliverySchedule schedule,
    ILogger<DeliveryRecovery> logger)
{
    /// <summary>
    /// An attempt recorded as started but never finished is marked interrupted (it keeps its number:
    /// the receiver may have got it) and its delivery goes on as <see cref="AttemptCompletion"/>
    /// decides (by its schedule; failed when the window is used up, with the failing episode and its
    /// e-mail; a test send fails); a pending delivery whose endpoint is gone or disabled is
    /// cancelled; a pending one with no next attempt and none in flight is due now.
    /// </summary>
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var interrupted = await db.DeliveryAttempts.Where(a => a.State == AttemptState.InFlight).ToListAsync(cancellationToken);
        var ids = interrupted.Select(a => a.DeliveryId).Distinct().ToList();
        var deliveries = await db.Deliveries.Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, cancellationToken);
        var failed = 0;
        foreach (var attempt in interrupted.OrderBy(a => a.DeliveryId).ThenBy(a => a.Number))
        {
            var delivery = deliveries[attempt.DeliveryId];
            var completed = await completion.ApplyAsync(db, delivery, attempt, AttemptOutcome.Interrupted, now);
            if (completed.Transition == DeliveryTransition.Failed && delivery.Kind != DeliveryKind.Test)
            {
                failed++;
            }
        }

        // the queries below read the store, which does not have the changes above yet: what they return
        // is checked again on the tracked rows (an interrupted delivery may be finished or rescheduled by now)
        var orphans = (await db.Deliveries
            .Where(d => d.Status == DeliveryStatus.Pending && !db.WebhookEndpoints.Any(e => e.Id == d.EndpointId && e.Status != EndpointStatus.Disabled))
            .ToListAsync(cancellationToken)).Where(d => d.IsPending).ToList();
        orphans.ForEach(d => d.Cancel(now));

        // between an attempt and its next time (an older version wrote it so; or a test send never started): resume now, or fail the test
        var unscheduled = (await db.Deliveries.Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt == null).ToListAsync(cancellationToken))
            .Where(d => d is { IsPending: true, NextAttemptAt: null }).ToList();
        foreach (var delivery in unscheduled)
        {
            if (delivery.Retries)
            {
                delivery.ScheduleNextAttempt(now);
            }
            else
            {
                delivery.MarkFailed(now);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        if (interrupted.Count + orphans.Count + unscheduled.Count > 0)
        {
            logger.LogWarning(
                "Recovered after an unclean stop: {Interrupted} attempts were interrupted ({Failed} deliveries failed with them), {Orphans} deliveries to gone or disabled endpoints cancelled, {Unscheduled} resumed",
                interrupted.Count, failed, orphans.Count, unscheduled.Count);
        }
    }

    /// <summary>Puts every pending delivery's next attempt and every failing endpoint's disabling on the schedule.</summary>
    public async Task FillScheduleAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var waiting = 0;
        await foreach (var due in db.Deliveries.AsNoTracking()
            .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt != null)
            .Select(d => new { d.Id, d.EndpointId, d.NextAttemptAt }).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            schedule.ScheduleAttempt(due.Id, due.EndpointId, due.NextAttemptAt!.Value);
            waiting++;
        }
        var failing = await db.WebhookEndpoints.AsNoTracking()
            .Where(e => e.DisableAt != null && e.Status == EndpointStatus.Active)
            .Select(e => new { e.Id, e.DisableAt }).ToListAsync(cancellationToken);
        foreach (var endpoint in failing)
        {
            schedule.ScheduleDisabling(endpoint.Id, endpoint.DisableAt!.Value);
        }
        if (waiting > 0)
        {
            logger.LogInformation("Resumed {Count} pending deliveries", waiting);
        }
    }
}
