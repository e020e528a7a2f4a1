using System.Collections.Concurrent;

namespace Simulator.Core.Dispatching;

/// <summary>
/// One attempt of a delivery at a time: a scheduled attempt, a send by hand and a cancel never
/// overlap. A guard is taken only by an attempt that already holds a slot (or by a cancel), so
/// nobody holds one while waiting in a line.
/// </summary>
public sealed class DeliveryGuards
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _held = new();

    /// <summary>Deliveries with an attempt (or a cancel) under way in this process.</summary>
    public bool IsHeld(long deliveryId) => _held.ContainsKey(deliveryId);

    /// <summary>The deliveries held now (a snapshot): whose leases a process sharing its store keeps renewing.</summary>
    public IReadOnlyCollection<long> HeldNow => [.. _held.Keys];

    /// <summary>Takes the delivery's guard if it is free; null when something else holds it.</summary>
    public IDisposable? TryTake(long deliveryId)
    {
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _held.TryAdd(deliveryId, mine) ? new Guard(this, deliveryId, mine) : null;
    }

    /// <summary>Waits until the delivery's guard is free (one attempt at most: it ends within the attempt timeout) and takes it.</summary>
    public async Task<IDisposable> TakeAsync(long deliveryId, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryTake(deliveryId) is { } guard)
            {
                return guard;
            }
            if (_held.TryGetValue(deliveryId, out var other))
            {
                await other.Task.WaitAsync(cancellationToken);
            }
        }
    }

    /// <summary>Completes when whoever holds the delivery's guard now lets go of it (at once when nobody does).</summary>
    public Task WhenFreeAsync(long deliveryId) => _held.TryGetValue(deliveryId, out var other) ? other.Task : Task.CompletedTask;

    private void Release(long deliveryId, TaskCompletionSource mine)
    {
        if (_held.TryRemove(new KeyValuePair<long, TaskCompletionSource>(deliveryId, mine)))
        {
            mine.TrySetResult();
        }
    }

    private sealed class Guard(DeliveryGuards owner, long deliveryId, TaskCompletionSource mine) : IDisposable
    {
        public void Dispose() => owner.Release(deliveryId, mine);
    }
}
