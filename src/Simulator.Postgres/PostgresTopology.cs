using Microsoft.Extensions.Logging;
using Simulator.Core.Dispatching;

namespace Simulator.Postgres;

/// <summary>
/// The dispatcher's surroundings when several instances share a PostgreSQL store. Nothing is
/// recovered at start the way a process alone recovers (every attempt in flight would be another
/// instance's too): what a dead instance left is found by its leases running out
/// (<see cref="OrphanSweep"/>). At start the instance follows the shared clock, listens for the
/// others' notifications and brings its window of due work in; then it keeps its leases
/// (<see cref="LeaseRenewal"/>), looks for due work (<see cref="DueWindowPoller"/>) and sweeps.
/// </summary>
internal sealed class PostgresTopology(
    SharedClock clock,
    StoreNotifications notifications,
    LiveRelay live,
    DueWindowPoller window,
    LeaseRenewal renewal,
    OrphanSweep sweep,
    SimulatorInstance me,
    ILogger<PostgresTopology> logger) : IDispatchTopology
{
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        await clock.StartAsync(cancellationToken);
        clock.Synced += window.Poke;
        live.OthersWroteDueWork += window.Poke;
        notifications.Start();
        var due = await window.PollAsync(cancellationToken);
        logger.LogInformation("Instance {Instance} ({Id}) shares the store: {Due} due entries in its window; shared clock at {Now}, speed {Speed}",
            me.Name, me.Id, due, clock.Last?.Now, clock.Last?.Speed);
    }

    public void Started()
    {
        window.Start();
        renewal.Start();
        sweep.Start();
    }

    public void Stop()
    {
        sweep.Stop();
        window.Stop();
        notifications.Stop();
        clock.Stop();
        clock.Synced -= window.Poke;
        live.OthersWroteDueWork -= window.Poke;
        // the leases of attempts still finishing are renewed until the dispatcher has let them go: the renewal stops with the container
    }
}
