using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Simulator.Core;
using Simulator.Core.Clock;
using Simulator.Core.Dispatching;
using Simulator.Core.Domain;
using Simulator.Core.Persistence;

namespace Simulator.Bench;

/// <summary>
/// Scenario 4: deliveries to endpoints that answer 500, each waiting an hour (real time: speed 1)
/// for its second attempt; what they hold in memory and what the process spends while they wait.
/// </summary>
public sealed class WaitingRetriesScenario(BenchReceiver receiver, BenchSettings settings, TextWriter log)
{
    private static readonly Dictionary<string, string> WaitAnHour = new()
    {
        ["Simulator:Clock:Speed"] = "1",
        ["Simulator:Delivery:BaseDelay"] = "01:00:00",
    };

    public async Task<WaitingRetriesResult> RunAsync(StorageProvider store)
    {
        var failing = Enumerable.Range(0, settings.Endpoints).Select(k => receiver.Url($"/fail/{k}")).ToList();
        await using var simulator = await SimulatorInstance.StartAsync(store, WaitAnHour);
        await simulator.AddEndpointsAsync(failing);
        var control = simulator.Get<SimulationControl>();
        var schedule = simulator.Get<DeliverySchedule>();

        // warm up: a few deliveries go the same way first
        const int warmUp = 50;
        await NoteCreator.CreateAsync(simulator, warmUp, settings.Creators);
        await simulator.Changes.WaitForAsync(2L * warmUp * failing.Count, TimeSpan.FromSeconds(120));
        await control.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(60));
        ProcessMeter.FullCollect();
        var residentBefore = ProcessMeter.ResidentBytes();
        var managedBefore = ProcessMeter.ManagedBytes();

        // every delivery: first attempt (500), next attempt scheduled an hour ahead: two changes each
        var notes = (settings.Waiting + failing.Count - 1) / failing.Count;
        var waiting = notes * failing.Count;
        var started = Stopwatch.GetTimestamp();
        await NoteCreator.CreateAsync(simulator, notes, settings.Creators);
        await simulator.Changes.WaitForAsync(2L * (warmUp + notes) * failing.Count, TimeSpan.FromSeconds(Math.Max(600, waiting / 50.0)));
        await control.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(120));
        var setupSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (schedule.WaitingAttempts != (warmUp + notes) * failing.Count)
        {
            throw new InvalidOperationException($"{schedule.WaitingAttempts} deliveries are waiting; expected {(warmUp + notes) * failing.Count}.");
        }
        log.WriteLine($"  {store}: {waiting} deliveries waiting after {setupSeconds:0.0} s");

        ProcessMeter.FullCollect();
        var residentAfter = ProcessMeter.ResidentBytes();
        var managedAfter = ProcessMeter.ManagedBytes();
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
            if (pending != (warmUp + notes) * failing.Count)
            {
                throw new InvalidOperationException($"{pending} deliveries wait with one attempt made; expected {(warmUp + notes) * failing.Count}.");
            }
        }
        var result = new WaitingRetriesResult(store, waiting, setupSeconds, residentBefore, residentAfter, managedBefore, managedAfter, settings.IdleSeconds, cpu.TotalSeconds, collections, attemptsWhileIdle);
        log.WriteLine($"  {store}: resident +{(residentAfter - residentBefore) / 1048576.0:0.0} MiB = {result.ResidentPerDelivery:0} B per delivery (managed {result.ManagedPerDelivery:0} B); CPU {cpu.TotalSeconds:0.000} s over {settings.IdleSeconds} s = {result.CpuShare:P2} of a core");
        return result;
    }
}
