using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Simulator.Core.Dispatching;

/// <summary>
/// Bounds the attempts in flight, per endpoint and in total, so that a slow or hanging endpoint
/// holds at most its own share and never the whole dispatcher.
/// </summary>
public sealed class DeliveryConcurrency(IOptions<SimulatorOptions> options)
{
    private readonly SemaphoreSlim _total = new(options.Value.Delivery.MaxConcurrency);
    private readonly ConcurrentDictionary<int, SemaphoreSlim> _perEndpoint = new();

    public async Task<IDisposable> EnterAsync(int endpointId, CancellationToken cancellationToken)
    {
        var endpoint = _perEndpoint.GetOrAdd(endpointId, static (_, max) => new SemaphoreSlim(max), options.Value.Delivery.MaxConcurrencyPerEndpoint);
        await endpoint.WaitAsync(cancellationToken);
        try
        {
            await _total.WaitAsync(cancellationToken);
        }
        catch
        {
            endpoint.Release();
            throw;
        }
        return new Lease(endpoint, _total);
    }

    /// <summary>Takes a slot if one is free now, without waiting.</summary>
    public bool TryEnter(int endpointId, out IDisposable? lease)
    {
        var endpoint = _perEndpoint.GetOrAdd(endpointId, static (_, max) => new SemaphoreSlim(max), options.Value.Delivery.MaxConcurrencyPerEndpoint);
        lease = null;
        if (!endpoint.Wait(0))
        {
            return false;
        }
        if (!_total.Wait(0))
        {
            endpoint.Release();
            return false;
        }
        lease = new Lease(endpoint, _total);
        return true;
    }

    private sealed class Lease(SemaphoreSlim endpoint, SemaphoreSlim total) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                total.Release();
                endpoint.Release();
            }
        }
    }
}
