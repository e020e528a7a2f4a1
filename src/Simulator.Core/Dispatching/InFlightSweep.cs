using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Simulator.Core.Clock;
using Simulator.Core.Domain;
using Simulator.Core.Persistence;

namespace Simulator.Core.Dispatching;

/// <summary>
/// Every <c>Delivery:SweepInterval</c> of real time, finds what nothing is running any more: an
/// attempt in flight whose delivery no flight of this process holds, still so after
/// <c>Delivery:Timeout</c> plus a margin, is recorded interrupted (what a restart would do), and a
/// due pending delivery that is not on the schedule, still so after the margin, is put on it. The
/// ordinary path never needs it; it is the floor under whatever went wrong.
/// </summary>
public sealed class InFlightSweep(
    IDbContextFactory<SimulatorDbContext> dbFactory,
    OrphanedAttempts orphaned,
    DeliveryGuards guards,
    DeliverySchedule schedule,
    SimulationClock clock,
    IOptions<SimulatorOptions> options,
    ILogger<InFlightSweep> logger) : IDisposable
{
    /// <summary>How long past its timeout an attempt nothing runs may stay in flight, and how overdue an unscheduled delivery may be.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(5);

    private readonly Dictionary<(long DeliveryId, int Number), long> _unowned = [];
    private readonly Dictionary<long, long> _unscheduled = [];
    private readonly SemaphoreSlim _sweeping = new(1, 1);
    private ITimer? _timer;

    internal void Start()
    {
        var every = options.Value.Delivery.SweepInterval;
        _timer = clock.RealTime.CreateTimer(static s => _ = ((InFlightSweep)s!).RunAsync(), this, every, every);
    }

    internal void Stop() => _timer?.Dispose();

    public void Dispose()
    {
        Stop();
        _sweeping.Dispose();
    }

    /// <summary>One sweep; returns the attempts recorded interrupted and the deliveries put back on the schedule.</summary>
    public async Task<(int Interrupted, int Rescheduled)> SweepAsync(CancellationToken cancellationToken = default)
    {
        await _sweeping.WaitAsync(cancellationToken);
        try
        {
            var orphans = await OrphansAsync(cancellationToken);
            var interrupted = orphans.Count > 0 ? await InterruptAsync(orphans) : 0;
            return (interrupted, await RescheduleAsync(cancellationToken));
        }
        finally
        {
            _sweeping.Release();
        }
    }

    private async Task RunAsync()
    {
        try
        {
            var (interrupted, rescheduled) = await SweepAsync();
            if (interrupted + rescheduled > 0)
            {
                logger.LogWarning("Sweep: {Interrupted} attempts nothing was running recorded interrupted, {Rescheduled} overdue deliveries put back on the schedule", interrupted, rescheduled);
            }
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "The sweep failed; it runs again at the next interval");
        }
    }

    // in flight, not held here, and seen so for longer than an attempt may take
    private async Task<List<(long DeliveryId, int Number)>> OrphansAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var inFlight = await db.DeliveryAttempts.AsNoTracking().Where(a => a.State == AttemptState.InFlight)
            .Select(a => new { a.DeliveryId, a.Number }).ToListAsync(cancellationToken);
        var now = clock.RealTime.GetTimestamp();
        var limit = options.Value.Delivery.Timeout + Margin;
        var seen = new HashSet<(long, int)>();
        var orphans = new List<(long DeliveryId, int Number)>();
        foreach (var attempt in inFlight)
        {
            var key = (attempt.DeliveryId, attempt.Number);
            if (guards.IsHeld(attempt.DeliveryId))
            {
                continue;
            }
            seen.Add(key);
            if (!_unowned.TryGetValue(key, out var since))
            {
                _unowned[key] = now;
            }
            else if (clock.RealTime.GetElapsedTime(since, now) > limit)
            {
                orphans.Add(key);
            }
        }
        foreach (var key in _unowned.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            _unowned.Remove(key);
        }
        return orphans;
    }

    private async Task<int> InterruptAsync(List<(long DeliveryId, int Number)> orphans)
    {
        var count = await orphaned.InterruptAsync(orphans);
        orphans.ForEach(o => _unowned.Remove(o));
        return count;
    }

    // due, not on the schedule, not held here, and seen so for longer than the margin (not merely on its way to start)
    private async Task<int> RescheduleAsync(CancellationToken cancellationToken)
    {
        List<DueEntry> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var now = clock.GetUtcNow();
            due = (await db.Deliveries.AsNoTracking()
                .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt != null && d.NextAttemptAt <= now)
                .OrderBy(d => d.NextAttemptAt).Take(1000)
                .Select(d => new { d.Id, d.EndpointId, d.NextAttemptAt }).ToListAsync(cancellationToken))
                .ConvertAll(d => new DueEntry(d.Id, d.NextAttemptAt!.Value, d.EndpointId));
        }
        var realNow = clock.RealTime.GetTimestamp();
        var missing = new List<DueEntry>();
        var seen = new HashSet<long>();
        foreach (var entry in due.Where(d => !schedule.IsScheduled(d.Id) && !guards.IsHeld(d.Id)))
        {
            seen.Add(entry.Id);
            if (!_unscheduled.TryGetValue(entry.Id, out var since))
            {
                _unscheduled[entry.Id] = realNow;
            }
            else if (clock.RealTime.GetElapsedTime(since, realNow) > Margin)
            {
                missing.Add(entry);
            }
        }
        foreach (var id in _unscheduled.Keys.Where(id => !seen.Contains(id) || missing.Any(m => m.Id == id)).ToList())
        {
            _unscheduled.Remove(id);
        }
        schedule.PutBack(missing);
        return missing.Count;
    }
}
