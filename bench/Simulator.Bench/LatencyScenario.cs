using System.Collections.Concurrent;
using System.Diagnostics;
using Simulator.Core;

namespace Simulator.Bench;

/// <summary>
/// Scenario 2 (and the latency half of 3): notes saved at a steady rate well under saturation;
/// for every webhook, the time from the call that saves its note to its arrival at the receiver.
/// </summary>
public sealed class LatencyScenario(BenchReceiver receiver, BenchSettings settings, TextWriter log)
{
    public async Task<LatencyResult> RunAsync(StorageProvider store, bool withHangingEndpoint)
    {
        var healthy = Enumerable.Range(0, settings.Endpoints).Select(k => receiver.Url($"/ok/{k}")).ToList();
        await using var simulator = await SimulatorInstance.StartAsync(store);
        var urls = withHangingEndpoint ? [.. healthy, receiver.Url("/hang/0")] : healthy;
        var ids = await simulator.AddEndpointsAsync(urls);
        int? hanging = withHangingEndpoint ? ids[^1] : null;

        // warm up for a second at the same rate
        receiver.StartTracking();
        await NoteCreator.CreateAtRateAsync(simulator, settings.Rate, settings.Rate, null, hanging);
        await WaitForArrivalsAsync(settings.Rate * healthy.Count);

        receiver.StartTracking();
        var notes = settings.Rate * settings.Seconds;
        var saveStarted = new ConcurrentDictionary<int, long>();
        var achieved = await NoteCreator.CreateAtRateAsync(simulator, notes, settings.Rate, saveStarted, hanging);
        await WaitForArrivalsAsync(notes * healthy.Count);
        var arrivals = receiver.StopTracking();

        var milliseconds = arrivals
            .Where(a => saveStarted.ContainsKey(a.SoapNoteId))
            .Select(a => Stopwatch.GetElapsedTime(saveStarted[a.SoapNoteId], a.Timestamp).TotalMilliseconds);
        var distribution = Distribution.Of(milliseconds);
        log.WriteLine($"  {store}{(withHangingEndpoint ? " + hanging endpoint" : "")}: {distribution.Count} webhooks at {achieved:0.0} notes/s: p50 {distribution.P50:0.0} ms, p95 {distribution.P95:0.0} ms, p99 {distribution.P99:0.0} ms, max {distribution.Max:0.0} ms");
        return new LatencyResult(store, withHangingEndpoint, settings.Rate, achieved, notes, healthy.Count, distribution);
    }

    private async Task WaitForArrivalsAsync(int count)
    {
        var deadline = Stopwatch.GetTimestamp() + (60 * Stopwatch.Frequency);
        while (receiver.ArrivalCount < count)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"Only {receiver.ArrivalCount} of {count} webhooks arrived.");
            }
            await Task.Delay(20);
        }
    }
}
