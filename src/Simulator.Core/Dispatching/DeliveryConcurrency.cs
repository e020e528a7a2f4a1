using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Simulator.Core.Dispatching;

/// <summary>
/// Bounds the attempts in flight, per endpoint and in total, so that a slow or hanging endpoint
/// holds at most its own share and never the whole dispatcher. A slot is taken before anything
/// else of an attempt (its delivery's guard, its "started" row) and given back when the attempt is
/// over; then <see cref="SlotFreed"/> tells the schedule, whose due attempts wait there, not here.
/// </summary>
public sealed class DeliveryConcurrency(IOptions<SimulatorOptions> options)
{
    private readonly SemaphoreSlim _total = new(options.Value.Delivery.MaxConcurrency);
    private readonly ConcurrentDictionary<int, SemaphoreSlim> _perEndpoint = new();
    private readonly ConcurrentDictionary<int, bool> _deleted = new();
    private readonly int _perEndpointMax = options.Value.Delivery.MaxConcurrencyPerEndpoint;

    /// <summary>A slot of the endpoint was given back.</summary>
    internal event Action<int>? SlotFreed;

    /// <summary>Waits for a slot (an attempt by hand: it goes before due attempts waiting on the schedule).</summary>
    public async Task<IDisposable> EnterAsync(int endpointId, CancellationToken cancellationToken)
    {
        var endpoint = Endpoint(endpointId);
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
        return new Lease(this, endpointId, endpoint);
    }

    /// <summary>Takes a slot if one is free now, without waiting.</summary>
    public bool TryEnter(int endpointId, out IDisposable? lease)
    {
        var endpoint = Endpoint(endpointId);
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
        lease = new Lease(this, endpointId, endpoint);
        return true;
    }

    /// <summary>Slots of the endpoint free now (at most the total's).</summary>
    public int FreeSlots(int endpointId) =>
        Math.Min(_perEndpoint.TryGetValue(endpointId, out var endpoint) ? endpoint.CurrentCount : _perEndpointMax, _total.CurrentCount);

    /// <summary>Slots free now across all endpoints.</summary>
    public int FreeTotal => _total.CurrentCount;

    /// <summary>Lets go of a deleted endpoint's slots: now if none is taken, else when its last attempt gives its slot back.</summary>
    internal void Forget(int endpointId)
    {
        _deleted[endpointId] = true;
        DropIfDeletedAndFree(endpointId);
    }

    private void DropIfDeletedAndFree(int endpointId)
    {
        if (!_deleted.ContainsKey(endpointId))
        {
            return;
        }
        if (!_perEndpoint.TryGetValue(endpointId, out var endpoint))
        {
            _deleted.TryRemove(endpointId, out _);
        }
        else if (endpoint.CurrentCount == _perEndpointMax && _perEndpoint.TryRemove(new KeyValuePair<int, SemaphoreSlim>(endpointId, endpoint)))
        {
            _deleted.TryRemove(endpointId, out _);
        }
    }

    /// <summary>Endpoints with slots kept (for tests: a deleted endpoint's go).</summary>
    internal int KnownEndpoints => _perEndpoint.Count;

    private SemaphoreSlim Endpoint(int endpointId) =>
        _perEndpoint.GetOrAdd(endpointId, static (_, max) => new SemaphoreSlim(max), _perEndpointMax);

    private void Released(int endpointId, SemaphoreSlim endpoint)
    {
        _total.Release();
        endpoint.Release();
        DropIfDeletedAndFree(endpointId);
        SlotFreed?.Invoke(endpointId);
    }

    private sealed class Lease(DeliveryConcurrency owner, int endpointId, SemaphoreSlim endpoint) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Released(endpointId, endpoint);
            }
        }
    }
}
