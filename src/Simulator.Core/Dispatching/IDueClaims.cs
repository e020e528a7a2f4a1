namespace Simulator.Core.Dispatching;

/// <summary>
/// Who runs the due work the schedule hands over. A process alone on its store runs all of it
/// (<see cref="SoleDueClaims"/>); processes sharing a store claim each due row in the store first,
/// so that exactly one of them runs it (Simulator.Postgres). A claim is a filter before the work's
/// own transaction: the row's version still decides, a claim only keeps the others away.
/// </summary>
public interface IDueClaims
{
    /// <summary>The deliveries, of those due at <paramref name="at"/>, whose attempt this process makes.</summary>
    Task<IReadOnlySet<long>> ClaimAttemptsAsync(IReadOnlyCollection<long> deliveryIds, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Whether this process writes the endpoint's disabling due at <paramref name="at"/>.</summary>
    Task<bool> ClaimDisablingAsync(int endpointId, DateTimeOffset at, CancellationToken cancellationToken = default);
}
