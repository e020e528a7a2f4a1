namespace Simulator.Core.Dispatching;

/// <summary>
/// What fell due at <see cref="At"/>: attempts that hold a slot, and endpoints to disable. The clock
/// is held by <see cref="Hold"/> until the attempts have started.
/// </summary>
internal sealed record DueWork(DateTimeOffset At, List<DueAttempt> Attempts, List<long> Disablings, IDisposable Hold);
