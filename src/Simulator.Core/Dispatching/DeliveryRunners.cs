using System.Collections.Concurrent;

namespace Simulator.Core.Dispatching;

/// <summary>The deliveries that are running now (attempting or waiting for their next attempt).</summary>
public sealed class DeliveryRunners
{
    private readonly ConcurrentDictionary<long, Runner> _running = new();

    public int Count => _running.Count;

    public bool IsRunning(long deliveryId) => _running.ContainsKey(deliveryId);

    internal Runner Add(long deliveryId, int endpointId, CancellationToken stopping)
    {
        var runner = new Runner(deliveryId, endpointId, CancellationTokenSource.CreateLinkedTokenSource(stopping));
        if (!_running.TryAdd(deliveryId, runner))
        {
            runner.Cancellation.Dispose();
            throw new InvalidOperationException($"Delivery {deliveryId} is already running.");
        }
        return runner;
    }

    internal void Remove(Runner runner) => _running.TryRemove(new KeyValuePair<long, Runner>(runner.DeliveryId, runner));

    /// <summary>Stops a delivery's runner and waits until it has stopped.</summary>
    public async Task StopAsync(long deliveryId)
    {
        if (_running.TryGetValue(deliveryId, out var runner))
        {
            await runner.StopAsync();
        }
    }

    /// <summary>Stops every runner of an endpoint and waits until they have stopped.</summary>
    public async Task StopForEndpointAsync(int endpointId) =>
        await Task.WhenAll(_running.Values.Where(r => r.EndpointId == endpointId).Select(r => r.StopAsync()));

    public async Task StopAllAsync() => await Task.WhenAll(_running.Values.Select(r => r.StopAsync()));

    internal sealed class Runner(long deliveryId, int endpointId, CancellationTokenSource cancellation)
    {
        private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long DeliveryId { get; } = deliveryId;

        public int EndpointId { get; } = endpointId;

        public CancellationTokenSource Cancellation { get; } = cancellation;

        public void MarkStopped()
        {
            _stopped.TrySetResult();
            Cancellation.Dispose();
        }

        public async Task StopAsync()
        {
            try
            {
                await Cancellation.CancelAsync();
            }
            catch (ObjectDisposedException)
            {
                // it had stopped already
            }
            await _stopped.Task;
        }
    }
}
