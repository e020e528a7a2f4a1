using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Simulator.Core;
using Simulator.Core.Clock;
using Simulator.Core.Dispatching;
using Simulator.Core.Domain;
using Simulator.Core.Persistence;

namespace Simulator.Bench;

/// <summary>
/// Scenario 4: deliveries to endpoints that answer 500 with a 4 KB body, each waiting an hour (real
/// time: speed 1) for its second attempt; what they hold in memory and what the process spends
/// while they wait. Either made to wait through real attempts, or (for sizes that would take too
/// long) written straight into a SQLite file that the core then starts on: its start-up recovery
/// fills the schedule from the store.
/// </summary>
public sealed class WaitingRetriesScenario(BenchReceiver receiver, BenchSettings settings, TextWriter log)
{
    private const int WarmUpNotes = 50;

    private static readonly Dictionary<string, string> WaitAnHour = new()
    {
        ["Simulator:Clock:Speed"] = "1",
        ["Simulator:Delivery:BaseDelay"] = "01:00:00",
    };

    private List<string> Failing => Enumerable.Range(0, settings.Endpoints).Select(k => receiver.Url($"/fail/{k}")).ToList();

    /// <summary>Makes <c>--waiting</c> deliveries wait through real attempts (at most <c>--waiting-inmemory</c> on InMemory).</summary>
    public async Task<WaitingRetriesResult> RunAsync(StorageProvider store)
    {
        var failing = Failing;
        await using var simulator = await SimulatorInstance.StartAsync(store, WaitAnHour);
        await simulator.AddEndpointsAsync(failing);
        await WarmUpAsync(simulator, failing.Count);
        var before = MemorySample.Take();

        // every delivery: attempt 1 recorded as started, then its outcome (500) with the next attempt an hour ahead: two changes each
        var count = store == StorageProvider.InMemory ? Math.Min(settings.Waiting, settings.WaitingInMemory) : settings.Waiting;
        var notes = (count + failing.Count - 1) / failing.Count;
        var waiting = notes * failing.Count;
        var started = Stopwatch.GetTimestamp();
        await NoteCreator.CreateAsync(simulator, notes, settings.Creators);
        await simulator.Changes.WaitForAsync(2L * (WarmUpNotes + notes) * failing.Count, TimeSpan.FromSeconds(Math.Max(600, waiting / 50.0)));
        await simulator.Get<SimulationControl>().WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(120));
        var setupSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        log.WriteLine($"  {store}: {waiting} deliveries waiting after {setupSeconds:0.0} s");
        return await MeasureAsync(simulator, (WarmUpNotes + notes) * failing.Count, waiting, throughRealAttempts: true, setupSeconds, before);
    }

    /// <summary>
    /// Makes <paramref name="count"/> deliveries wait in a SQLite file written directly (copies of a
    /// delivery that waits after a real attempt: its event, the delivery, the attempt with its 4 KB
    /// answer), then starts the core on that file and measures after its start.
    /// </summary>
    public async Task<WaitingRetriesResult> RunFromFileAsync(int count)
    {
        var failing = Failing;
        var path = SimulatorInstance.NewSqlitePath();
        try
        {
            MemorySample before;
            await using (var first = await SimulatorInstance.StartAsync(StorageProvider.Sqlite, WaitAnHour, path))
            {
                await first.AddEndpointsAsync(failing);
                await WarmUpAsync(first, failing.Count);
                before = MemorySample.Take();
            }
            var writing = Stopwatch.GetTimestamp();
            var written = await WaitingStoreWriter.WriteAsync(path, count - (WarmUpNotes * failing.Count), log);
            log.WriteLine($"  Sqlite file: {written.Deliveries} waiting deliveries written in {Stopwatch.GetElapsedTime(writing).TotalSeconds:0.0} s ({written.FileBytes / 1048576.0:0} MiB; event payload {written.PayloadChars} chars, attempt answer {written.ResponseBodyChars} chars)");

            var starting = Stopwatch.GetTimestamp();
            await using var simulator = await SimulatorInstance.StartAsync(StorageProvider.Sqlite, WaitAnHour, path);
            var startSeconds = Stopwatch.GetElapsedTime(starting).TotalSeconds;
            var total = (WarmUpNotes * failing.Count) + written.Deliveries;
            log.WriteLine($"  Sqlite: started on {total} waiting deliveries in {startSeconds:0.0} s");
            return await MeasureAsync(simulator, total, written.Deliveries, throughRealAttempts: false, startSeconds, before);
        }
        finally
        {
            SimulatorInstance.DeleteSqliteFiles(path);
        }
    }

    private static async Task WarmUpAsync(SimulatorInstance simulator, int endpoints)
    {
        // a few deliveries go the same way first (JIT, pools, the store's first pages)
        await NoteCreator.CreateAsync(simulator, WarmUpNotes, 4);
        await simulator.Changes.WaitForAsync(2L * WarmUpNotes * endpoints, TimeSpan.FromSeconds(120));
        await simulator.Get<SimulationControl>().WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(60));
    }

    private async Task<WaitingRetriesResult> MeasureAsync(SimulatorInstance simulator, int expected, int waiting, bool throughRealAttempts, double setupSeconds, MemorySample before)
    {
        var store = simulator.Store;
        var scheduled = simulator.Get<DeliverySchedule>().WaitingAttempts;
        if (scheduled != expected)
        {
            throw new InvalidOperationException($"{scheduled} deliveries are on the schedule; expected {expected}.");
        }
        var after = MemorySample.Take();
        var attemptsBefore = receiver.Failed;
        var cpuBefore = ProcessMeter.CpuTime();
        var collectionsBefore = ProcessMeter.Collections();
        await Task.Delay(TimeSpan.FromSeconds(settings.IdleSeconds));
        var cpu = ProcessMeter.CpuTime() - cpuBefore;
        var collections = ProcessMeter.Collections() - collectionsBefore;
        var attemptsWhileIdle = receiver.Failed - attemptsBefore;

        await using (var db = await simulator.Get<IDbContextFactory<SimulatorDbContext>>().CreateDbContextAsync())
        {
            var pending = await db.Deliveries.CountAsync(d => d.Status == DeliveryStatus.Pending && d.AttemptCount == 1 && d.NextAttemptAt != null);
            if (pending != expected)
            {
                throw new InvalidOperationException($"{pending} deliveries wait with one attempt made; expected {expected}.");
            }
        }
        var scheduler = SchedulerMeter.Measure(waiting);
        var result = new WaitingRetriesResult(store, waiting, throughRealAttempts, setupSeconds, before, after, scheduler, settings.IdleSeconds, cpu.TotalSeconds, collections, attemptsWhileIdle);
        log.WriteLine($"  {store}: resident +{(after.Resident - before.Resident) / 1048576.0:0.0} MiB = {result.ResidentPerDelivery:0} B per delivery (scheduler {scheduler.BytesPerEntry:0} B, managed {result.ManagedPerDelivery:0} B, GC committed {result.GcCommittedPerDelivery:0} B, SQLite heap {result.SqlitePerDelivery:0} B); CPU {cpu.TotalSeconds:0.000} s over {settings.IdleSeconds} s = {result.CpuShare:P2} of a core");
        return result;
    }
}
