namespace Simulator.Core.Domain;

public enum EmailStatus
{
    /// <summary>Waiting to be sent over SMTP.</summary>
    Pending,

    /// <summary>Accepted by the SMTP server.</summary>
    Sent,

    /// <summary>The last SMTP try failed; it is tried again at its next send time (backing off).</summary>
    Failed,

    /// <summary>The SMTP server did not take it in <c>Smtp:MaxSendAttempts</c> tries: no more tries (it stays in the outbox).</summary>
    GaveUp,

    /// <summary>No SMTP server is configured: the e-mail lives in the in-app outbox only.</summary>
    OutboxOnly,

    /// <summary>
    /// Handed to the SMTP server twice, and the simulator stopped both times before the answer was
    /// recorded: it is not handed over a third time (at most one duplicate), so whether it arrived is not known.
    /// </summary>
    Unconfirmed,
}
