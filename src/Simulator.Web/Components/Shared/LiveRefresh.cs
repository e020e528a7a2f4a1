using Simulator.Core.Live;

namespace Simulator.Web.Components.Shared;

/// <summary>
/// Refreshes a component when <see cref="LiveUpdates"/> reports a change it cares about. A burst of
/// changes is coalesced: the first change refreshes at once, later ones within
/// <see cref="Interval"/> (real time) cause one more refresh after it, so no change is lost and a
/// storm of attempts does not re-render the page hundreds of times.
/// </summary>
public sealed class LiveRefresh : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private const int Idle = 0;
    private const int Refreshing = 1;
    private const int RefreshingAndDirty = 2;

    private readonly LiveUpdates _live;
    private readonly TimeProvider _realTime;
    private readonly Func<LiveChange, bool> _accepts;
    private readonly Func<Task> _refresh;
    private readonly CancellationTokenSource _stop = new();
    private int _state;

    /// <param name="live">The notifier.</param>
    /// <param name="realTime">The real time (not the simulation clock) that spaces refreshes.</param>
    /// <param name="accepts">Which changes matter to the component.</param>
    /// <param name="refresh">Reloads and re-renders, typically <c>() =&gt; InvokeAsync(ReloadAsync)</c>.</param>
    public LiveRefresh(LiveUpdates live, TimeProvider realTime, Func<LiveChange, bool> accepts, Func<Task> refresh)
    {
        ArgumentNullException.ThrowIfNull(live);
        _live = live;
        _realTime = realTime;
        _accepts = accepts;
        _refresh = refresh;
        _live.Changed += OnChanged;
    }

    public void Dispose()
    {
        _live.Changed -= OnChanged;
        _stop.Cancel();
        _stop.Dispose();
    }

    /// <summary>Refreshes as if a change it cares about had just arrived (coalesced with any others).</summary>
    public void Request()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }
        while (true)
        {
            switch (Volatile.Read(ref _state))
            {
                case RefreshingAndDirty:
                    return;
                case Refreshing when Interlocked.CompareExchange(ref _state, RefreshingAndDirty, Refreshing) == Refreshing:
                    return;
                case Idle when Interlocked.CompareExchange(ref _state, Refreshing, Idle) == Idle:
                    _ = RunAsync(_stop.Token);
                    return;
            }
        }
    }

    private void OnChanged(object? sender, LiveChange change)
    {
        if (_accepts(change))
        {
            Request();
        }
    }

    private async Task RunAsync(CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await _refresh();
                await Task.Delay(Interval, _realTime, stop);
                if (Interlocked.CompareExchange(ref _state, Idle, Refreshing) == Refreshing)
                {
                    return; // nothing new arrived meanwhile
                }
                Volatile.Write(ref _state, Refreshing); // changes arrived: refresh once more
            }
        }
        catch (Exception)
        {
            // the component went away, or one refresh failed: later changes still refresh
            Volatile.Write(ref _state, Idle);
        }
    }
}
