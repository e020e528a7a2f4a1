using Microsoft.Extensions.Logging;
using Simulator.Core.Clock;

namespace Simulator.Postgres;

/// <summary>
/// Keeps this process's <see cref="SimulationClock"/> on the one clock in the store, through the
/// clock's public API only. A change made here (a speed change or pause: the clock's
/// <see cref="SimulationClock.Changed"/>) is written to the store and notified; a change written by
/// another instance is read on its notification (or by the <see cref="Coordination.ClockSync"/>
/// floor) and applied: the clock is advanced to the shared time when it is behind (holds of due work
/// slow a process's clock down), held briefly when it is ahead, and set to the shared speed.
/// </summary>
internal sealed class SharedClock(SimulationClock clock, SharedClockStore store, ILogger<SharedClock> logger) : IDisposable
{
    /// <summary>The longest this process's clock is held at once to let the shared one catch up.</summary>
    private static readonly TimeSpan LongestCatchUp = TimeSpan.FromSeconds(1);

    // set while this class itself moves the clock: the changes it makes are not published again
    [ThreadStatic]
    private static bool t_applying;

    private readonly SemaphoreSlim _wake = new(0);
    private readonly SemaphoreSlim _syncing = new(1, 1);
    private CancellationTokenSource? _stop;
    private int _publishing;
    private long _catchUpUntil;

    /// <summary>Raised after the clock moved to what the store says (another instance's change, or this one's catching up).</summary>
    public event Action? Synced;

    /// <summary>The row as last read or written.</summary>
    public SharedClockState? Last { get; private set; }

    /// <summary>Creates the row from this clock when the store has none yet, applies it, and follows it from now on.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Last = await store.EnsureAsync(clock.GetUtcNow(), clock.Speed, cancellationToken);
        Apply(Last);
        clock.Changed += OnLocalChange;
        _stop = new CancellationTokenSource();
        _ = Task.Run(() => LoopAsync(_stop.Token), CancellationToken.None);
    }

    public void Stop()
    {
        clock.Changed -= OnLocalChange;
        _stop?.Cancel();
    }

    public void Dispose()
    {
        Stop();
        _stop?.Dispose();
        _wake.Dispose();
        _syncing.Dispose();
    }

    /// <summary>Reads the row soon (another instance notified a change).</summary>
    public void Poke()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    /// <summary>Moves the shared clock to <paramref name="at"/> (never back), and this process's clock with it.</summary>
    public async Task MoveToAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _publishing);
        try
        {
            Last = await store.SetAsync(at, speed: null, cancellationToken);
            Apply(Last);
        }
        finally
        {
            Interlocked.Decrement(ref _publishing);
        }
    }

    /// <summary>Reads the row now and applies it.</summary>
    public async Task SyncAsync(CancellationToken cancellationToken = default)
    {
        await _syncing.WaitAsync(cancellationToken);
        try
        {
            if (Volatile.Read(ref _publishing) > 0)
            {
                return; // this instance's own change is on its way to the store: what is there now is older
            }
            if (await store.ReadAsync(cancellationToken) is { } state && Volatile.Read(ref _publishing) == 0)
            {
                Last = state;
                Apply(state);
            }
        }
        finally
        {
            _syncing.Release();
        }
    }

    private void Apply(SharedClockState state)
    {
        var shared = state.Now;
        var local = clock.GetUtcNow();
        var moved = false;
        t_applying = true;
        try
        {
            if (shared > local && (state.Speed == 0 || clock.Speed != state.Speed || shared - local > TimeSpan.FromMilliseconds(5) * state.Speed))
            {
                clock.AdvanceTo(shared);
                moved = true;
            }
            if (clock.Speed != state.Speed)
            {
                clock.SetSpeed(state.Speed);
                moved = true;
            }
            else if (state.Speed > 0 && local > shared)
            {
                CatchUp((local - shared) / state.Speed);
            }
        }
        finally
        {
            t_applying = false;
        }
        if (state.Speed == 0 && clock.GetUtcNow() is var reached && reached > shared)
        {
            // paused while this clock ran on for the moment it took to hear of it: time never goes back, so the
            // shared clock comes here, and every instance with it
            Publish(reached, speed: null);
        }
        if (moved)
        {
            Synced?.Invoke();
        }
    }

    // this clock runs ahead of the shared one (its last anchor was read late): stand still until the shared one is there
    private void CatchUp(TimeSpan realAhead)
    {
        var now = clock.RealTime.GetTimestamp();
        if (now < Interlocked.Read(ref _catchUpUntil))
        {
            return;
        }
        var hold = realAhead < LongestCatchUp ? realAhead : LongestCatchUp;
        Interlocked.Exchange(ref _catchUpUntil, now + (long)(hold.TotalSeconds * clock.RealTime.TimestampFrequency));
        _ = clock.Hold(hold); // lets go by itself after the bound
    }

    private void OnLocalChange(object? sender, EventArgs e)
    {
        if (t_applying)
        {
            return;
        }
        // a change made here: what the clock reads now, at its new speed, goes to the store
        Publish(clock.GetUtcNow(), clock.Speed);
    }

    private void Publish(DateTimeOffset now, double? speed)
    {
        Interlocked.Increment(ref _publishing);
        _ = Task.Run(async () =>
        {
            try
            {
                Last = await store.SetAsync(now, speed);
                Apply(Last); // the row is anchored at the server's moment, a little after this clock's: stand still for that little
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "The clock change ({Now}, speed {Speed}) could not be written to the store: the other instances do not have it", now, speed);
            }
            finally
            {
                Interlocked.Decrement(ref _publishing);
                Poke();
            }
        });
    }

    private async Task LoopAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(Coordination.ClockSync, stop);
                await SyncAsync(stop);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!stop.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Reading the shared clock failed; reading it again shortly");
                await Task.Delay(Coordination.Poll, TimeProvider.System, CancellationToken.None);
            }
        }
    }
}
