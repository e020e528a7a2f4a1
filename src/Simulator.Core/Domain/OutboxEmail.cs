namespace Simulator.Core.Domain;

/// <summary>An e-mail the simulator sent (or is sending) to an endpoint's contact address.</summary>
public sealed class OutboxEmail
{
    /// <summary>The longest subject kept (the column's size); a longer one is cut, with an ellipsis.</summary>
    public const int MaxSubjectLength = 300;

    private OutboxEmail()
    {
        To = Subject = Body = string.Empty;
    }

    public OutboxEmail(EmailKind kind, int endpointId, string to, string subject, string body, DateTimeOffset now, bool smtpConfigured)
    {
        Kind = kind;
        EndpointId = endpointId;
        To = to;
        Subject = Cut(subject, MaxSubjectLength);
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

    /// <summary>Real time of the next SMTP try after a failed one (backing off); null when none is due.</summary>
    public DateTimeOffset? NextSendAt { get; private set; }

    public bool AwaitsSending => Status is EmailStatus.Pending or EmailStatus.Failed;

    public void MarkSent(DateTimeOffset now)
    {
        SendAttempts++;
        Status = EmailStatus.Sent;
        SentAt = now;
        LastError = null;
        NextSendAt = null;
    }

    /// <summary>
    /// The SMTP server did not take it: tried again after <paramref name="retryInterval"/> doubled
    /// per failed try (at most an hour), until <paramref name="maxAttempts"/> tries, then given up.
    /// </summary>
    public void MarkSendFailed(string error, DateTimeOffset realNow, TimeSpan retryInterval, int maxAttempts)
    {
        SendAttempts++;
        LastError = error.Length > 500 ? error[..500] : error;
        if (SendAttempts >= maxAttempts)
        {
            Status = EmailStatus.GaveUp;
            NextSendAt = null;
            return;
        }
        Status = EmailStatus.Failed;
        NextSendAt = realNow + BackoffAfter(SendAttempts, retryInterval);
    }

    /// <summary>The wait after the <paramref name="failedTries"/>-th failed try: the interval doubled each time, at most an hour.</summary>
    public static TimeSpan BackoffAfter(int failedTries, TimeSpan retryInterval)
    {
        var factor = Math.Pow(2, Math.Clamp(failedTries - 1, 0, 20));
        var wait = TimeSpan.FromTicks((long)Math.Min(retryInterval.Ticks * factor, TimeSpan.FromHours(1).Ticks));
        return wait < retryInterval ? retryInterval : wait;
    }

    /// <summary><paramref name="text"/> at most <paramref name="max"/> characters long: cut with an ellipsis, never inside a surrogate pair.</summary>
    public static string Cut(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= max)
        {
            return text;
        }
        var keep = max - 1;
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }
        return string.Concat(text.AsSpan(0, keep), "…");
    }
}
