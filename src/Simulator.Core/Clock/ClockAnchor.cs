namespace Simulator.Core.Clock;

/// <summary>
/// Where simulated time stands: a simulated moment anchored to a real one, a speed, and the holds
/// that stop it. Simulated time is the anchor plus the real time since, times the speed; held or
/// paused, it is the anchor. Not thread-safe; the <see cref="SimulationClock"/> guards it.
/// </summary>
internal sealed class ClockAnchor(TimeProvider realTime, double speed, DateTimeOffset start)
{
    // simulated time stops short of DateTimeOffset's end, whatever the speed and however long it runs
    private static readonly long LatestTicks = DateTimeOffset.MaxValue.UtcTicks - TimeSpan.FromDays(400).Ticks;

    private DateTimeOffset _simulated = start;
    private DateTimeOffset _real = realTime.GetUtcNow();

    public double Speed { get; private set; } = speed;

    public int Holds { get; private set; }

    /// <summary>Whether time stands still: paused or held.</summary>
    public bool IsStill => Holds > 0 || Speed == 0;

    public DateTimeOffset Now()
    {
        if (IsStill)
        {
            return _simulated;
        }
        var realElapsed = (realTime.GetUtcNow() - _real).Ticks;
        var room = LatestTicks - _simulated.UtcTicks;
        var simulatedElapsed = (long)Math.Clamp(realElapsed * Speed, 0, room);
        return _simulated + TimeSpan.FromTicks(simulatedElapsed);
    }

    /// <summary>Simulated time goes on from <paramref name="simulatedNow"/>, as of now in real time.</summary>
    public void Reanchor(DateTimeOffset simulatedNow)
    {
        _simulated = simulatedNow;
        _real = realTime.GetUtcNow();
    }

    public void SetSpeed(DateTimeOffset simulatedNow, double speed)
    {
        Reanchor(simulatedNow);
        Speed = speed;
    }

    public void Hold(DateTimeOffset simulatedNow)
    {
        if (Holds == 0)
        {
            Reanchor(simulatedNow);
        }
        Holds++;
    }

    /// <summary>One hold less; when it was the last, time goes on from the held moment (it stood still, it does not jump).</summary>
    public void Release(DateTimeOffset heldNow)
    {
        if (--Holds == 0)
        {
            Reanchor(heldNow);
        }
    }
}
