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
}
