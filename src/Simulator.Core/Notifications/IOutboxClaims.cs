namespace Simulator.Core.Notifications;

/// <summary>
/// Who hands an e-mail to the SMTP server, and which handoffs were cut short. A process alone on its
/// store hands over every e-mail, and at start every handoff still recorded is one its own last
/// stop cut short (<see cref="SoleOutboxClaims"/>). Processes sharing a store claim each e-mail in
/// the store before handing it over, and a recorded handoff is lost only when its claim ran out
/// (Simulator.Postgres): each e-mail goes out once, whichever process sends it.
/// </summary>
public interface IOutboxClaims
{
    /// <summary>Whether this process hands the e-mail over now (no other process is handing it over).</summary>
    Task<bool> ClaimHandoffAsync(int emailId, CancellationToken cancellationToken = default);

    /// <summary>The e-mails whose recorded handoff nobody will finish, claimed for resolving; null: every recorded handoff.</summary>
    Task<IReadOnlyCollection<int>?> LostHandoffsAsync(CancellationToken cancellationToken = default);
}
