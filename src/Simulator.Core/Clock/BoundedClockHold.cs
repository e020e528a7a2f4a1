namespace Simulator.Core.Clock;

/// <summary>A hold with a real-time timer that releases it at its bound, if nothing released it before.</summary>
internal sealed class BoundedClockHold(IDisposable hold, ITimer timer) : IDisposable
{
    public void Dispose()
    {
        timer.Dispose();
        hold.Dispose();
    }
}
