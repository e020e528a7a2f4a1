using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;
using Simulator.Core.Dispatching;

namespace Simulator.Postgres;

/// <summary>
/// What an instance that died left, taken over by the living, every <see cref="Coordination.Sweep"/>:
/// an attempt in flight whose delivery has no live lease (still so after <see cref="Coordination.Confirm"/>)
/// is claimed by one instance and recorded interrupted, with all that follows (<see cref="AttemptCompletion"/>:
/// the next attempt by the schedule, or failed with the failing episode); e-mail handoffs whose lease
/// ran out are resolved and the e-mail sender is woken (<see cref="OutboxFloor"/>).
/// </summary>
internal sealed class OrphanSweep(
    NpgsqlDataSource store,
    SimulatorInstance me,
    OrphanedAttempts orphaned,
    DeliveryGuards guards,
    OutboxFloor mail,
    ILogger<OrphanSweep> logger) : IDisposable
{
    private readonly Dictionary<(long DeliveryId, int Number), long> _unleased = [];
    private readonly SemaphoreSlim _sweeping = new(1, 1);
    private PeriodicTimer? _timer;

    public void Start()
    {
        _timer = new PeriodicTimer(Coordination.Sweep);
        _ = LoopAsync(_timer);
    }

    public void Stop() => _timer?.Dispose();

    public void Dispose()
    {
        Stop();
        _sweeping.Dispose();
    }

    /// <summary>One sweep; returns how many attempts it recorded interrupted.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        await _sweeping.WaitAsync(cancellationToken);
        try
        {
            var orphans = await OrphansAsync(cancellationToken);
            var interrupted = orphans.Count > 0 ? await InterruptAsync(orphans, cancellationToken) : 0;
            await mail.RunAsync(cancellationToken);
            return interrupted;
        }
        finally
        {
            _sweeping.Release();
        }
    }

    private async Task LoopAsync(PeriodicTimer timer)
    {
        try
        {
            while (await timer.WaitForNextTickAsync())
            {
                try
                {
                    if (await SweepAsync() is > 0 and var interrupted)
                    {
                        logger.LogWarning("{Count} attempts of an instance that stopped renewing its leases recorded interrupted", interrupted);
                    }
                }
                catch (Exception ex)
                {
                    logger.LogWarning(ex, "The sweep for what stopped instances left failed; it runs again in {Sweep}", Coordination.Sweep);
                }
            }
        }
        catch (ObjectDisposedException)
        {
            // stopped
        }
    }

    // in flight, no live lease, not under way here, and seen so for longer than a holder takes to renew
    private async Task<List<(long DeliveryId, int Number)>> OrphansAsync(CancellationToken cancellationToken)
    {
        var now = Stopwatch.GetTimestamp();
        var seen = new HashSet<(long, int)>();
        var orphans = new List<(long DeliveryId, int Number)>();
        await using (var command = store.CreateCommand("""
            SELECT a."DeliveryId", a."Number" FROM "DeliveryAttempts" a JOIN "Deliveries" d ON d."Id" = a."DeliveryId"
            WHERE a."State" = 'InFlight' AND (d."LeaseUntil" IS NULL OR d."LeaseUntil" < clock_timestamp())
            """))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = (reader.GetInt64(0), reader.GetInt32(1));
                if (guards.IsHeld(key.Item1))
                {
                    continue;
                }
                seen.Add(key);
                if (!_unleased.TryGetValue(key, out var since))
                {
                    _unleased[key] = now;
                }
                else if (Stopwatch.GetElapsedTime(since, now) >= Coordination.Confirm)
                {
                    orphans.Add(key);
                }
            }
        }
        foreach (var key in _unleased.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            _unleased.Remove(key);
        }
        return orphans;
    }

    private async Task<int> InterruptAsync(List<(long DeliveryId, int Number)> orphans, CancellationToken cancellationToken)
    {
        var claimed = await ClaimAsync(orphans.Select(o => o.DeliveryId).Distinct().ToArray(), cancellationToken);
        var mine = orphans.Where(o => claimed.Contains(o.DeliveryId)).OrderBy(o => o.DeliveryId).ThenBy(o => o.Number).ToList();
        if (mine.Count == 0)
        {
            return 0;
        }
        var count = await orphaned.InterruptAsync(mine);
        mine.ForEach(o => _unleased.Remove(o));
        return count;
    }

    // one instance takes each over: the lease, where it is still not live
    private async Task<HashSet<long>> ClaimAsync(long[] deliveryIds, CancellationToken cancellationToken)
    {
        await using var command = store.CreateCommand("""
            UPDATE "Deliveries" SET "LeaseOwner" = @me, "LeaseUntil" = clock_timestamp() + @lease
            WHERE "Id" IN (
                SELECT "Id" FROM "Deliveries"
                WHERE "Id" = ANY(@ids) AND ("LeaseUntil" IS NULL OR "LeaseUntil" < clock_timestamp())
                FOR UPDATE SKIP LOCKED)
            RETURNING "Id"
            """);
        command.Parameters.AddWithValue("me", me.Id);
        command.Parameters.AddWithValue("lease", Coordination.Lease);
        command.Parameters.AddWithValue("ids", deliveryIds);
        var claimed = new HashSet<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(reader.GetInt64(0));
        }
        return claimed;
    }
}
