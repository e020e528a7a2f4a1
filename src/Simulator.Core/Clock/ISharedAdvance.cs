namespace Simulator.Core.Clock;

/// <summary>
/// An advance of a clock that several processes share (Simulator.Postgres): it moves every
/// process's clock and returns once the work due on the way has run, wherever it ran. Without one,
/// <see cref="SimulationControl"/> advances this process's clock and waits for this process's work.
/// </summary>
public interface ISharedAdvance
{
    Task AdvanceToAsync(DateTimeOffset target, CancellationToken cancellationToken);
}
