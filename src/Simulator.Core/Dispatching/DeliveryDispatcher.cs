using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Simulator.Core.Clock;

namespace Simulator.Core.Dispatching;

/// <summary>
/// The dispatcher's shell, a hosted service: at start it recovers what a crash left, fills the
/// schedule from the store (both as the <see cref="IDispatchTopology"/> says: one process alone, or
/// several sharing a store) and hands due work to the <see cref="DueWorkRunner"/>; at stop it takes
/// no more, lets the attempts in flight finish (each bounded by <c>Delivery:Timeout</c>) and cuts
/// those that do not. The stages live in their own classes: <see cref="DuePreparation"/>,
/// <see cref="AttemptRunner"/>, <see cref="AttemptCompletion"/>, <see cref="ManualDeliveries"/>,
/// <see cref="EndpointDisabling"/>, <see cref="InFlightSweep"/>; what follows a commit, in <see cref="CommitEffects"/>.
/// </summary>
public sealed class DeliveryDispatcher(
    IDispatchTopology topology,
    DeliverySchedule schedule,
    DueWorkRunner runner,
    AttemptRunner attempts,
    WorkTracker tracker,
    IOptions<SimulatorOptions> options,
    ILogger<DeliveryDispatcher> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await topology.PrepareAsync(cancellationToken);
        schedule.Start(runner.Run);
        topology.Started();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        topology.Stop();
        schedule.Stop();
        if (await IdleWithinAsync(options.Value.Delivery.Timeout + TimeSpan.FromSeconds(1), cancellationToken))
        {
            return;
        }
        logger.LogWarning("Stopping with attempts still in flight; they are marked interrupted at the next start");
        await attempts.AbortAsync();
        // let the cut attempts unwind before the services they use (the HTTP client, Polly's registry) are disposed
        await IdleWithinAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
    }

    // the wall clock, not the configured real time: a stop must end even under a fake clock in tests
    private async Task<bool> IdleWithinAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        try
        {
            await tracker.WhenIdleAsync(cancellationToken).WaitAsync(limit, TimeProvider.System, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            return false;
        }
    }
}
