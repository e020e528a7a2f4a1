namespace Simulator.Core.Notifications;

/// <summary>One process on its store (SQLite): every e-mail is its own, and at start every recorded handoff is one its last stop cut short.</summary>
public sealed class SoleOutboxClaims : IOutboxClaims
{
    public Task<bool> ClaimHandoffAsync(int emailId, CancellationToken cancellationToken = default) => Task.FromResult(true);

    public Task<IReadOnlyCollection<int>?> LostHandoffsAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyCollection<int>?>(null);
}
