namespace Simulator.Core.Dispatching;

/// <summary>
/// What the dispatcher does around its schedule that depends on how many processes share the store:
/// what a crash left and where the schedule's entries come from (<see cref="PrepareAsync"/>, before
/// the schedule hands out work), and what watches over the work meanwhile (<see cref="Started"/>
/// until <see cref="Stop"/>). One process alone: <see cref="SoleProcessTopology"/>; several on one
/// PostgreSQL store: Simulator.Postgres.
/// </summary>
public interface IDispatchTopology
{
    Task PrepareAsync(CancellationToken cancellationToken);

    void Started();

    void Stop();
}
