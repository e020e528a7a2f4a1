using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Simulator.Core;
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

        await NoteCreator.CreateAtRateAsync(simulator, settings.ClockNotes, settings.ClockRate);
        var deadline = Stopwatch.GetTimestamp() + (long)((schedule.RetryWindow.TotalSeconds / settings.Speed + 120) * Stopwatch.Frequency);
        while (true)
        {
            await using var db = await factory.CreateDbContextAsync();
            if (!await db.Deliveries.AnyAsync(d => d.Status == DeliveryStatus.Pending))
            {
                break;
            }
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException("Deliveries were still pending after their retry window.");
            }
            await Task.Delay(500);
        }

        List<Delivery> deliveries;
        await using (var db = await factory.CreateDbContextAsync())
        {
            deliveries = await db.Deliveries.AsNoTracking().Include(d => d.Attempts).ToListAsync();
        }
        var lateness = new List<double>();
        foreach (var delivery in deliveries)
        {
            var attempts = delivery.Attempts.OrderBy(a => a.Number).ToList();
            for (var i = 1; i < attempts.Count; i++)
            {
                var scheduled = attempts[i - 1].StartedAt + schedule.DelayAfter(delivery.Id, attempts[i - 1].Number);
                lateness.Add((attempts[i].StartedAt - scheduled).TotalSeconds);
                if ((attempts[i].StartedAt < scheduled - TimeSpan.FromMilliseconds(10) || attempts[i].StartedAt > scheduled + TimeSpan.FromSeconds(1000)) && Environment.GetEnvironmentVariable("BENCH_DEBUG") is not null)
                {
                    log.WriteLine($"    early: delivery {delivery.Id} attempt {attempts[i].Number} at {attempts[i].StartedAt:HH:mm:ss.fff}, scheduled {scheduled:HH:mm:ss.fff}; previous {attempts[i - 1].StartedAt:HH:mm:ss.fff} {attempts[i - 1].Error} {attempts[i - 1].DurationMs} ms; delivery created {delivery.CreatedAt:HH:mm:ss.fff}");
                }
            }
        }
        var distribution = Distribution.Of(lateness);
        // waits are whole milliseconds (Task.Delay), schedule times whole seconds: a retry counts as early only if more than 10 ms before
        var result = new ClockFidelityResult(settings.Speed, deliveries.Count, distribution, lateness.Count(l => l < -0.01));
        log.WriteLine($"  {deliveries.Count} deliveries, {distribution.Count} retries at {settings.Speed:0}×: lateness p50 {distribution.P50:0.00} s, p95 {distribution.P95:0.00} s, p99 {distribution.P99:0.00} s, max {distribution.Max:0.00} s simulated ({result.Early} early)");
        return result;
    }
}
