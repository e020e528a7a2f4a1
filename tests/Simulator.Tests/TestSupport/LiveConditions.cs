using Simulator.Core.Live;

namespace Simulator.Tests.TestSupport;

/// <summary>Awaiting a state of the simulator that background work brings about, without sleeping.</summary>
public static class LiveConditions
{
    /// <summary>
    /// Re-checks <paramref name="condition"/> each time the simulator publishes a live change, until
    /// it holds; gives up after a generous real-time limit (a guard against a hang, not a timing check).
    /// </summary>
    public static async Task WaitUntilAsync(this SimulatorAppFactory app, Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(condition);
        var live = app.Service<LiveUpdates>();
        // not disposed: a change published while the handler is being removed may still release it
        var changed = new SemaphoreSlim(0);
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        void OnChanged(object? sender, LiveChange change) => changed.Release();
        live.Changed += OnChanged;
        try
        {
            while (!await condition())
            {
                await changed.WaitAsync(limit.Token);
            }
        }
        finally
        {
            live.Changed -= OnChanged;
        }
    }
}
