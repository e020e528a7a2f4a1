using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Simulator.Core;
using Simulator.Core.Domain;
using Simulator.Core.Persistence;

namespace Simulator.Bench;

/// <summary>
/// A diagnostic for scenario 1: the read every attempt starts with (one delivery with its event,
/// by id, in a new context) timed alone, one at a time, as the store fills up. A store whose
/// lookups grow with its size makes the simulator slower the longer it runs.
/// </summary>
public sealed class LookupScenario(BenchSettings settings, TextWriter log)
{
    private const int Lookups = 200;
    private const int EndpointsPerEvent = 10;

    public async Task<List<LookupResult>> RunAsync(StorageProvider store)
    {
        await using var simulator = await SimulatorInstance.StartAsync(store);
        var factory = simulator.Get<IDbContextFactory<SimulatorDbContext>>();
        var (note, _) = await simulator.CreateNoteAsync();
        var now = simulator.Get<TimeProvider>().GetUtcNow();
        var payload = new string('x', 2000);
        var endpoint = WebhookEndpoint.Create("http://127.0.0.1:9/lookup", "lookup", "bench@example.com", EventTypes.All, now);
        await using (var db = await factory.CreateDbContextAsync())
        {
            db.WebhookEndpoints.Add(endpoint);
            await db.SaveChangesAsync();
        }

        var results = new List<LookupResult>();
        var filled = 0;
        foreach (var size in settings.LookupSizes)
        {
            while (filled < size)
            {
                await using var db = await factory.CreateDbContextAsync();
                for (var i = 0; i < 5_000 / EndpointsPerEvent && filled < size; i++)
                {
                    var webhookEvent = new WebhookEvent(EventTypes.SoapNoteCreated, note.Id, now, payload, isTest: false);
                    db.WebhookEvents.Add(webhookEvent);
                    for (var e = 0; e < EndpointsPerEvent; e++, filled++)
                    {
                        db.Deliveries.Add(new Delivery(webhookEvent, endpoint, now));
                    }
                }
                await db.SaveChangesAsync();
            }
            long lastId;
            await using (var db = await factory.CreateDbContextAsync())
            {
                lastId = await db.Deliveries.MaxAsync(d => d.Id);
            }
            var random = new Random(size);
            for (var i = 0; i < 20; i++)
            {
                // untimed: the query compiled and the JIT settled
                await using var db = await factory.CreateDbContextAsync();
                _ = await db.Deliveries.Include(d => d.Event).FirstOrDefaultAsync(d => d.Id == lastId - i);
            }
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < Lookups; i++)
            {
                var id = random.NextInt64(1, lastId + 1);
                await using var db = await factory.CreateDbContextAsync();
                _ = await db.Deliveries.Include(d => d.Event).FirstOrDefaultAsync(d => d.Id == id);
            }
            var microseconds = Stopwatch.GetElapsedTime(started).TotalMicroseconds / Lookups;
            log.WriteLine($"  {store}: {filled} deliveries: {microseconds:0} µs per lookup");
            results.Add(new LookupResult(store, filled, microseconds));
        }
        return results;
    }
}
