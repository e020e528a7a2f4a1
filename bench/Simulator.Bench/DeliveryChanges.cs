using System.Collections.Concurrent;
using Simulator.Core.Live;

namespace Simulator.Bench;

/// <summary>
/// Counts the changes to single deliveries the simulator publishes on <see cref="LiveUpdates"/>: one
/// when an attempt is recorded and one when a next attempt is scheduled. Deliveries put on the
/// ignore list (those of a hanging endpoint) are not counted.
/// </summary>
public sealed class DeliveryChanges : IDisposable
{
    private readonly LiveUpdates _live;
    private readonly ConcurrentDictionary<long, byte> _ignored = new();
    private long _count;
    private volatile Waiter? _waiter;

    public DeliveryChanges(LiveUpdates live)
    {
        _live = live;
        _live.Changed += OnChanged;
    }

    public long Count => Interlocked.Read(ref _count);

    public void Ignore(long deliveryId) => _ignored.TryAdd(deliveryId, 0);

    /// <summary>Waits until <paramref name="count"/> changes have been counted, at most <paramref name="timeout"/>.</summary>
    public async Task WaitForAsync(long count, TimeSpan timeout)
    {
        var waiter = new Waiter(count);
        _waiter = waiter;
        if (Count >= count)
        {
            waiter.Reached.TrySetResult();
        }
        try
        {
            await waiter.Reached.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Only {Count} of {count} delivery changes within {timeout.TotalSeconds:0} s.");
        }
        finally
        {
            _waiter = null;
        }
    }

    public void Dispose() => _live.Changed -= OnChanged;

    private void OnChanged(object? sender, LiveChange change)
    {
        if (change.Kind != LiveChangeKind.Delivery || change.Id == 0 || (!_ignored.IsEmpty && _ignored.ContainsKey(change.Id)))
        {
            return;
        }
        var count = Interlocked.Increment(ref _count);
        if (_waiter is { } waiter && count >= waiter.Count)
        {
            waiter.Reached.TrySetResult();
        }
    }

    private sealed class Waiter(long count)
    {
        public long Count { get; } = count;

        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
