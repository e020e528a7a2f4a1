namespace Simulator.Core.Clock;

/// <summary>
/// The one real-time timer behind the <see cref="SimulationClock"/>: armed for the earliest simulated
/// due time, in real steps of at most <see cref="SimulationClock.MaxRealWait"/> (a real timer cannot
/// wait longer than about 49.7 days, and at slow speeds a simulated wait may stand for far more; a step
/// that ends early finds nothing due and arms again). Not thread-safe; the clock guards it.
/// </summary>
internal sealed class ClockWakeUp(TimeProvider realTime, Action fire)
{
    private ITimer? _timer;

    /// <summary>The simulated due time it is armed for (<see cref="long.MaxValue"/>: none).</summary>
    public long DueTicks { get; private set; } = long.MaxValue;

    /// <summary>Due now (also while paused or held): fire, but never inline, the caller may be creating the very timer that is due.</summary>
    public void FireSoon(long dueTicks)
    {
        Disarm();
        DueTicks = dueTicks;
        ThreadPool.UnsafeQueueUserWorkItem(static f => f(), fire, preferLocal: false);
    }

    /// <summary>Wakes up when <paramref name="simulatedWaitTicks"/> of simulated time have passed at <paramref name="speed"/>.</summary>
    public void ArmFor(long dueTicks, long simulatedWaitTicks, double speed)
    {
        _timer?.Dispose();
        DueTicks = dueTicks;
        var realWaitTicks = Math.Min(Math.Ceiling(simulatedWaitTicks / speed), SimulationClock.MaxRealWait.Ticks);
        _timer = realTime.CreateTimer(static f => ((Action)f!)(), fire, TimeSpan.FromTicks(Math.Max(1, (long)realWaitTicks)), Timeout.InfiniteTimeSpan);
    }

    /// <summary>Woken: nothing is armed until the clock arms it again.</summary>
    public void Woken() => DueTicks = long.MaxValue;

    public void Disarm()
    {
        _timer?.Dispose();
        _timer = null;
        DueTicks = long.MaxValue;
    }
}
