using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Simulator.Core;
using Simulator.Core.Clock;
using Simulator.Core.Dispatching;
using Simulator.Core.Domain;
using Simulator.Core.Persistence;

namespace Simulator.Bench;

/// <summary>
/// Scenario 5: at a high clock speed, deliveries to endpoints that always answer 500 run through
/// their whole retry schedule (12 simulated hours); for every retry, how far its recorded start
/// lies from the simulated time it was scheduled for.
/// </summary>
public sealed class ClockFidelityScenario(BenchReceiver receiver, BenchSettings settings, TextWriter log)
{
    public async Task<ClockFidelityResult> RunAsync()
    {
        var failing = Enumerable.Range(0, settings.Endpoints).Select(k => receiver.Url($"/fail/{k}")).ToList();
        var clock = new Dictionary<string, string>
        {
            ["Simulator:Clock:Speed"] = settings.Speed.ToString(CultureInfo.InvariantCulture),
            // keep the endpoints active through the run: every delivery runs its whole schedule
            ["Simulator:Endpoints:DisableAfter"] = "30.00:00:00",
        };
        // warm up (JIT, connection pools) on a simulator of its own, so the measured one starts as a long-running one would be
        await using (var warmUp = await SimulatorInstance.StartAsync(StorageProvider.InMemory, clock))
        {
            await warmUp.AddEndpointsAsync(failing);
            await NoteCreator.CreateAtRateAsync(warmUp, settings.ClockRate * 2, settings.ClockRate);
            await Task.Delay(TimeSpan.FromSeconds(3));
        }
        await using var simulator = await SimulatorInstance.StartAsync(StorageProvider.InMemory, clock);
        await simulator.AddEndpointsAsync(failing);
        var schedule = simulator.Get<BackoffSchedule>();
        var factory = simulator.Get<IDbContextFactory<SimulatorDbContext>>();

        var simulationStarted = simulator.Get<SimulationClock>().GetUtcNow();
        simulator.Get<SimulationClock>().ResetLongestHold();
        await NoteCreator.CreateAtRateAsync(simulator, settings.ClockNotes, settings.ClockRate);
        var deadline = Stopwatch.GetTimestamp() + (long)((schedule.RetryWindow.TotalSeconds / settings.Speed + 120) * Stopwatch.Frequency);
        var waiting = simulator.Get<DeliverySchedule>();
        var stranded = new List<Delivery>();
        var strandedPolls = 0;
        while (true)
        {
            await using var db = await factory.CreateDbContextAsync();
            var pending = await db.Deliveries.AsNoTracking().Where(d => d.Status == DeliveryStatus.Pending).ToListAsync();
            if (pending.Count == 0)
            {
                break;
            }
            // pending in the store with a next attempt, but nothing on the schedule and nothing in flight: no attempt will ever
            // come (seen twice in a row, half a second apart, so as not to catch an outcome between its commit and its scheduling)
            var inFlight = await db.DeliveryAttempts.CountAsync(a => a.State == AttemptState.InFlight);
            strandedPolls = waiting.WaitingAttempts == 0 && inFlight == 0 && pending.All(d => d.NextAttemptAt is not null) ? strandedPolls + 1 : 0;
            if (strandedPolls >= 2 || Stopwatch.GetTimestamp() > deadline)
            {
                var now = simulator.Get<SimulationClock>().GetUtcNow();
                stranded = pending;
                log.WriteLine($"  {pending.Count} deliveries still pending {(now - simulationStarted).TotalHours:0.00} simulated h after the first note, "
                    + $"{waiting.WaitingAttempts} on the schedule, {inFlight} attempts in flight; next attempts "
                    + string.Join(", ", pending.Take(5).Select(d => $"{d.Id}: attempt {d.AttemptCount + 1} due {(d.NextAttemptAt - now)?.TotalHours:0.00} h from now")));
                break;
            }
            await Task.Delay(500);
        }

        List<Delivery> deliveries;
        await using (var db = await factory.CreateDbContextAsync())
        {
            deliveries = await db.Deliveries.AsNoTracking().Include(d => d.Attempts).ToListAsync();
        }
        var lateness = new List<double>();
        var late = new List<(int EndpointId, DateTimeOffset Scheduled)>();
        var announcedLate = 0;
        foreach (var delivery in deliveries)
        {
            var attempts = delivery.Attempts.OrderBy(a => a.Number).ToList();
            for (var i = 1; i < attempts.Count; i++)
            {
                // the next_attempt_at announced when attempt i - 1's outcome was written
                var scheduled = schedule.NextAttemptAt(delivery.Id, attempts[i - 1].Number, delivery.FirstAttemptAt!.Value, attempts[i - 1].StartedAt)
                    ?? throw new InvalidOperationException($"Delivery {delivery.Id} has attempt {attempts[i].Number} after its window.");
                lateness.Add((attempts[i].StartedAt - scheduled).TotalSeconds);
                if (attempts[i].StartedAt - scheduled > TimeSpan.FromSeconds(1))
                {
                    late.Add((delivery.EndpointId, scheduled));
                    // the previous attempt's POST alone (its outcome is written after it) ended after the next one's due time
                    if (attempts[i - 1].StartedAt + TimeSpan.FromMilliseconds(attempts[i - 1].DurationMs * settings.Speed) > scheduled)
                    {
                        announcedLate++;
                    }
                }
                if ((attempts[i].StartedAt < scheduled - TimeSpan.FromMilliseconds(10) || attempts[i].StartedAt > scheduled + TimeSpan.FromSeconds(1)) && Environment.GetEnvironmentVariable("BENCH_DEBUG") is not null)
                {
                    log.WriteLine($"    early: delivery {delivery.Id} attempt {attempts[i].Number} at {attempts[i].StartedAt:HH:mm:ss.fff}, scheduled {scheduled:HH:mm:ss.fff}; previous {attempts[i - 1].StartedAt:HH:mm:ss.fff} {attempts[i - 1].Error} {attempts[i - 1].DurationMs} ms; delivery created {delivery.CreatedAt:HH:mm:ss.fff}");
                }
            }
        }
        var distribution = Distribution.Of(lateness);

        // Why late: at a late retry's due time, were its endpoint's slots (or all slots) taken? An attempt holds its slot
        // from its start for its duration (real milliseconds, so speed × as many simulated ones).
        var limits = simulator.Get<IOptions<SimulatorOptions>>().Value.Delivery;
        var flying = deliveries.SelectMany(d => d.Attempts.Select(a => (d.EndpointId, From: a.StartedAt, To: a.StartedAt + TimeSpan.FromMilliseconds(a.DurationMs * settings.Speed)))).ToList();
        var endpointFull = late.Count(l => flying.Count(f => f.EndpointId == l.EndpointId && f.From <= l.Scheduled && l.Scheduled < f.To) >= limits.MaxConcurrencyPerEndpoint);
        var allFull = late.Count(l => flying.Count(f => f.From <= l.Scheduled && l.Scheduled < f.To) >= limits.MaxConcurrency);
        log.WriteLine($"  {late.Count} retries more than 1 s late: at their due time {endpointFull} found their endpoint's {limits.MaxConcurrencyPerEndpoint} slots taken, {allFull} all {limits.MaxConcurrency}; for {announcedLate} the previous attempt's POST ended after it");
        // a retry counts as early only if more than 10 ms (simulated) before its time
        var longestHold = simulator.Get<SimulationClock>().LongestHold;
        var result = new ClockFidelityResult(settings.Speed, deliveries.Count, distribution, lateness.Count(l => l < -0.01), stranded.Count, late.Count, endpointFull, announcedLate)
        {
            LongestHold = longestHold,
        };
        log.WriteLine($"  the clock was held at most {longestHold.TotalMilliseconds:0} ms of real time at once (the bound: {DeliverySchedule.HoldBound.TotalMilliseconds:0} ms)");
        log.WriteLine($"  {deliveries.Count} deliveries, {distribution.Count} retries at {settings.Speed:0}×: lateness p50 {distribution.P50:0.00} s, p95 {distribution.P95:0.00} s, p99 {distribution.P99:0.00} s, max {distribution.Max:0.00} s simulated ({result.Early} early)");
        return result;
    }
}
