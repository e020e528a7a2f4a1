namespace Simulator.Core.Dispatching;

/// <summary>One process on its store (SQLite): all due work is its own.</summary>
public sealed class SoleDueClaims : IDueClaims
{
    public Task<IReadOnlySet<long>> ClaimAttemptsAsync(IReadOnlyCollection<long> deliveryIds, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlySet<long>>(deliveryIds.ToHashSet());

    public Task<bool> ClaimDisablingAsync(int endpointId, DateTimeOffset at, CancellationToken cancellationToken = default) => Task.FromResult(true);
}
