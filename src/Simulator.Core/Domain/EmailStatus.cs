namespace Simulator.Core.Domain;

public enum EmailStatus
{
    /// <summary>Waiting to be sent over SMTP.</summary>
    Pending,

    /// <summary>Accepted by the SMTP server.</summary>
    Sent,

    /// <summary>The last SMTP try failed; it is tried again.</summary>
    Failed,

    /// <summary>No SMTP server is configured: the e-mail lives in the in-app outbox only.</summary>
    OutboxOnly,
}
