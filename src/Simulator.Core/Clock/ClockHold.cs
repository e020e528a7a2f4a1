namespace Simulator.Core.Clock;

/// <summary>One hold of the <see cref="SimulationClock"/>: released once, by its first dispose, noting how long it lasted.</summary>
internal sealed class ClockHold(Action<long> release, long since) : IDisposable
{
    private int _released;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            release(since);
        }
    }
}
