using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Simulator.Core.Clock;
using Simulator.Core.Domain;
using Simulator.Core.Notifications;
using Simulator.Core.Persistence;

namespace Simulator.Core.Dispatching;

/// <summary>
/// At start, before anything is sent: finishes what a crash (kill -9, power cut) left half done,
/// in one transaction, and fills the <see cref="DeliverySchedule"/> from the store.
/// </summary>
public sealed class DeliveryRecovery(
    IDbContextFactory<SimulatorDbContext> dbFactory,
    SimulationClock clock,
    AttemptCompletion completion,
    EmailOutbox outbox,
    ILogger<DeliveryRecovery> logger)
{
    /// <summary>
    /// An attempt recorded as started but never finished is marked interrupted (it keeps its number:
    /// the receiver may have got it) and its delivery goes on by its schedule, or fails when the window
    /// is used up (with the failing episode and its e-mail); a test send is failed; a pending delivery
    /// whose endpoint is gone or disabled is cancelled.
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
            var completed = await completion.ApplyAsync(db, delivery, attempt, AttemptOutcome.Interrupted, now, retries: !delivery.IsTest);
            if (completed.Transition == DeliveryTransition.Failed && !delivery.IsTest)
            {
                failed++;
            }
        }

        // a test send is one attempt, now: one that never went out is not sent later
        // the queries below read the store, which does not have the changes above yet: what they return
        // is checked again on the tracked rows (an interrupted delivery may be finished or rescheduled by now)
        var unsentTests = (await db.Deliveries.Where(d => d.Status == DeliveryStatus.Pending && d.IsTest).ToListAsync(cancellationToken))
            .Where(d => d.IsPending).ToList();
        unsentTests.ForEach(d => d.MarkFailed(now));

        var orphans = await db.Deliveries
            .Where(d => d.Status == DeliveryStatus.Pending && !db.WebhookEndpoints.Any(e => e.Id == d.EndpointId && e.Status != EndpointStatus.Disabled))
            .ToListAsync(cancellationToken);
        orphans = orphans.Where(d => d.IsPending).ToList();
        orphans.ForEach(d => d.Cancel(now));

        // written by an older version between an attempt and its next time: resume now
        var unscheduled = (await db.Deliveries.Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt == null).ToListAsync(cancellationToken))
            .Where(d => d.IsPending && d.NextAttemptAt is null).ToList();
        unscheduled.ForEach(d => d.ScheduleNextAttempt(now));

        await db.SaveChangesAsync(cancellationToken);
        if (interrupted.Count + unsentTests.Count + orphans.Count + unscheduled.Count > 0)
        {
            logger.LogWarning(
                "Recovered after an unclean stop: {Interrupted} attempts were interrupted ({Failed} deliveries failed with them), {Tests} test sends failed, {Orphans} deliveries to gone or disabled endpoints cancelled, {Unscheduled} rescheduled",
                interrupted.Count, failed, unsentTests.Count, orphans.Count, unscheduled.Count);
            outbox.Wake();
        }
    }

    /// <summary>Puts every pending delivery's next attempt and every failing endpoint's disabling on the schedule.</summary>
    public async Task FillScheduleAsync(DeliverySchedule schedule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var waiting = 0;
        await foreach (var due in db.Deliveries.AsNoTracking()
            .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt != null)
            .Select(d => new { d.Id, d.NextAttemptAt }).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            schedule.ScheduleAttempt(due.Id, due.NextAttemptAt!.Value);
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
