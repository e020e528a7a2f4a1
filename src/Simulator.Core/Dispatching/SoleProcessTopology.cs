namespace Simulator.Core.Dispatching;

/// <summary>
/// One process on its store: at start it finishes what a crash left (<see cref="DeliveryRecovery"/>)
/// and puts every pending delivery and disabling on the schedule; meanwhile the
/// <see cref="InFlightSweep"/> finds what nothing runs any more.
/// </summary>
public sealed class SoleProcessTopology(DeliveryRecovery recovery, InFlightSweep sweep) : IDispatchTopology
{
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        await recovery.RecoverAsync(cancellationToken);
        await recovery.FillScheduleAsync(cancellationToken);
    }

    public void Started() => sweep.Start();

    public void Stop() => sweep.Stop();
}
