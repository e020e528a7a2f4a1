namespace Simulator.Core.Domain;

/// <summary>An e-mail the simulator sent (or is sending) to an endpoint's contact address.</summary>
public sealed class OutboxEmail
{
    private OutboxEmail()
    {
        To = Subject = Body = string.Empty;
    }

    public OutboxEmail(EmailKind kind, int endpointId, string to, string subject, string body, DateTimeOffset now, bool smtpConfigured)
    {
        Kind = kind;
        EndpointId = endpointId;
        To = to;
        Subject = subject;
        Body = body;
        CreatedAt = now;
        Status = smtpConfigured ? EmailStatus.Pending : EmailStatus.OutboxOnly;
    }

    public int Id { get; private set; }

    public EmailKind Kind { get; private set; }

    public int EndpointId { get; private set; }

    public string To { get; private set; }

    public string Subject { get; private set; }

    public string Body { get; private set; }

    /// <summary>Simulated time the e-mail was written.</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Simulated time the SMTP server accepted it.</summary>
    public DateTimeOffset? SentAt { get; private set; }

    public EmailStatus Status { get; private set; }

    public int SendAttempts { get; private set; }

    public string? LastError { get; private set; }

    public bool AwaitsSending => Status is EmailStatus.Pending or EmailStatus.Failed;

    public void MarkSent(DateTimeOffset now)
    {
        SendAttempts++;
        Status = EmailStatus.Sent;
        SentAt = now;
        LastError = null;
    }

    public void MarkSendFailed(string error)
    {
        SendAttempts++;
        Status = EmailStatus.Failed;
        LastError = error;
    }
}
