using Simulator.Core.Clock;
using Simulator.Core.Dispatching;

namespace Simulator.Postgres;

/// <summary>
/// What one instance keeps of the due-queue: at most <see cref="Coordination.Window"/> next attempts,
/// due before the horizon (simulated now plus <see cref="Coordination.Lookahead"/> of real time at the
/// clock's speed). Anything later stays in the store only, and the <see cref="DueWindowPoller"/>
/// brings it in when it comes near.
/// </summary>
internal sealed class DueWindow(SimulationClock clock) : IDueWindow
{
    public DateTimeOffset Horizon
    {
        get
        {
            var now = clock.GetUtcNow();
            var ahead = Coordination.Lookahead.Ticks * clock.Speed;
            return ahead >= (DateTimeOffset.MaxValue - now).Ticks ? DateTimeOffset.MaxValue : now.AddTicks((long)ahead);
        }
    }

    public bool Admits(DateTimeOffset due, int waiting) => waiting < Coordination.Window && due <= Horizon;
}
