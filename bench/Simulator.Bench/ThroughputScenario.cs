using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Simulator.Core;
using Simulator.Core.Persistence;

namespace Simulator.Bench;

/// <summary>
/// Scenario 1 (and the throughput half of 3): N notes saved as fast as a few users can, each
/// raising an event for every endpoint; deliveries per second from the first save to the last
/// attempt recorded, next to a bare HttpClient loop posting the same bodies.
/// </summary>
public sealed class ThroughputScenario(BenchReceiver receiver, BenchSettings settings, TextWriter log)
{
    public async Task<ThroughputResult> RunAsync(StorageProvider store, bool withHangingEndpoint)
    {
        var healthy = Enumerable.Range(0, settings.Endpoints).Select(k => receiver.Url($"/ok/{k}")).ToList();
        var expected = (long)settings.Events * healthy.Count;
        double seconds, creationSeconds;
        int failedAttempts;
        string? commonError;
        List<byte[]> bodies;
        PathProfileResult? profile = null;
        await using (var simulator = await SimulatorInstance.StartAsync(store))
        {
            var urls = withHangingEndpoint ? [.. healthy, receiver.Url("/hang/0")] : healthy;
            var ids = await simulator.AddEndpointsAsync(urls);
            int? hanging = withHangingEndpoint ? ids[^1] : null;

            // warm up: JIT, connection pools, the store's first pages
            // long enough for tiered JIT to settle on the hot paths
            var warmUp = Math.Clamp(settings.Events / 10, 20, 500);
            var lastWarmUpEvent = await NoteCreator.CreateAsync(simulator, warmUp, settings.Creators, hanging);
            // every attempt is published twice: recorded as started, then its outcome
            await simulator.Changes.WaitForAsync(2L * warmUp * healthy.Count, TimeSpan.FromSeconds(120));
            var before = simulator.Changes.Count;
            var succeededBefore = (long)warmUp * healthy.Count;

            using var profiler = withHangingEndpoint ? null : new PathProfile();
            var started = Stopwatch.GetTimestamp();
            await NoteCreator.CreateAsync(simulator, settings.Events, settings.Creators, hanging);
            creationSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            await simulator.Changes.WaitForAsync(before + (2 * expected), TimeSpan.FromSeconds(Math.Max(300, expected / 100.0)));
            var factory = simulator.Get<IDbContextFactory<SimulatorDbContext>>();
            await StoreReport.WaitForSucceededAsync(factory, succeededBefore + expected, TimeSpan.FromSeconds(120));
            seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            profile = profiler?.Stop();
            (failedAttempts, commonError) = await StoreReport.FailedAttemptsAsync(factory);

            await using var db = await factory.CreateDbContextAsync();
            bodies = (await db.WebhookEvents.AsNoTracking().Where(e => e.Id > lastWarmUpEvent).OrderBy(e => e.Id).Select(e => e.Payload).ToListAsync())
                .Select(Encoding.UTF8.GetBytes)
                .ToList();
        }
        log.WriteLine($"  simulator {store}{(withHangingEndpoint ? " + hanging endpoint" : "")}: {expected} deliveries in {seconds:0.0} s = {expected / seconds:0} /s (notes saved in {creationSeconds:0.0} s; {failedAttempts} failed attempts{(commonError is null ? "" : ", mostly " + commonError)})");
        if (profile is { } p)
        {
            log.WriteLine($"    profile: CPU {p.CpuShare:P0} of {Environment.ProcessorCount} cores; journal in SaveChanges {p.DispatcherSaveSeconds:0.0} s ({p.JournalBusy:P0} of the run, {p.DispatcherSaves} commits); note saves {p.NoteSaveSeconds:0.0} s ({p.NoteSaves}); reads {p.ReadSeconds:0.0} s ({p.Reads}); HTTP {p.HttpSeconds:0.0} s ({p.HttpRequests}, {p.HttpSeconds * 1000 / Math.Max(1, p.HttpRequests):0.00} ms each)");
            log.WriteLine($"    journal split: EF Core and transitions {p.DispatcherEfSeconds:0.00} s, EF Core's statements {p.DispatcherCommandSeconds:0.00} s ({p.DispatcherCommands}), gate + BEGIN {p.DispatcherBeginSeconds:0.00} s, COMMIT {p.DispatcherCommitSeconds:0.00} s; per commit {p.DispatcherSaveSeconds * 1000 / Math.Max(1, p.DispatcherSaves):0.00} ms in SaveChanges; note savers: gate + BEGIN {p.NoteBeginSeconds:0.00} s, COMMIT {p.NoteCommitSeconds:0.00} s; writer held by the journal {p.DispatcherHeldSeconds:0.00} s, by note savers {p.NoteHeldSeconds:0.00} s; CPU {p.CpuSeconds * 1000 / expected:0.000} ms per delivery");
        }

        var bare = 0.0;
        var durable = 0.0;
        if (!withHangingEndpoint)
        {
            ProcessMeter.FullCollect();
            await BareClient.RunAsync(bodies.Take(Math.Max(1, bodies.Count / 20)).ToList(), healthy, settings.Concurrency);
            bare = await BareClient.RunAsync(bodies, healthy, settings.Concurrency);
            log.WriteLine($"  bare HttpClient loop: {bare:0} /s");
            ProcessMeter.FullCollect();
            await DurableBareLoop.RunAsync(bodies.Take(Math.Max(1, bodies.Count / 20)).ToList(), healthy, settings.Concurrency);
            durable = await DurableBareLoop.RunAsync(bodies, healthy, settings.Concurrency);
            log.WriteLine($"  durable bare loop (rows, start and outcome group-committed on a SQLite file): {durable:0} /s");
        }
        return new ThroughputResult(store, withHangingEndpoint, settings.Events, healthy.Count, expected, seconds, creationSeconds, bare, failedAttempts, commonError, profile)
        {
            DurablePerSecond = durable,
        };
    }
}
