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

    /// <summary>
    /// Real time the e-mail was handed to the SMTP server, recorded before the server hears of it and
    /// cleared with that handoff's outcome: set, the server may have the e-mail and its answer is not recorded.
    /// </summary>
    public DateTimeOffset? HandedToSmtpAt { get; private set; }

    /// <summary>Handoffs whose outcome was lost (the simulator stopped while the SMTP server had the e-mail): each may have arrived.</summary>
    public int LostHandoffs { get; private set; }

    public bool AwaitsSending => Status is EmailStatus.Pending or EmailStatus.Failed;

    /// <summary>Whether the e-mail is handed to the SMTP server now (its outcome not yet recorded).</summary>
    public bool IsHandedToSmtp => HandedToSmtpAt is not null;

    /// <summary>
    /// Records that the e-mail goes to the SMTP server now, before the server hears of it: a stop from
    /// here until <see cref="MarkSent"/> or <see cref="MarkSendFailed"/> is saved leaves a handoff in
    /// doubt, which <see cref="HandoffLost"/> resolves after the restart.
    /// </summary>
    public void HandToSmtp(DateTimeOffset realNow)
    {
        if (!AwaitsSending || IsHandedToSmtp)
        {
            throw new DomainRuleException("E-mail not handed to SMTP", $"E-mail {Id} is {Status.ToString().ToLowerInvariant()}{(IsHandedToSmtp ? " and already handed to the SMTP server" : string.Empty)}; only an e-mail waiting to be sent is handed over.");
        }
        HandedToSmtpAt = realNow;
    }

    /// <summary>
    /// The simulator stopped while the SMTP server had the e-mail, before its answer was recorded: the
    /// e-mail may have arrived. The first time it is sent once more (due now); the second time it is
    /// not handed over again and is marked <see cref="EmailStatus.Unconfirmed"/>, so no e-mail arrives more than twice.
    /// </summary>
    /// <returns>Whether it is sent again.</returns>
    public bool HandoffLost()
    {
        if (!IsHandedToSmtp)
        {
            throw new DomainRuleException("No handoff in doubt", $"E-mail {Id} is not handed to the SMTP server.");
        }
        HandedToSmtpAt = null;
        SendAttempts++;
        LostHandoffs++;
        NextSendAt = null;
        if (LostHandoffs >= 2)
        {
            Status = EmailStatus.Unconfirmed;
            LastError = "Handed to the SMTP server twice and the simulator stopped both times before the answer: not sent a third time (at most one duplicate); it may have arrived.";
            return false;
        }
        LastError = "Handed to the SMTP server when the simulator stopped, before the answer: it may have arrived; sent once more.";
        return true;
    }

    public void MarkSent(DateTimeOffset now)
    {
        SendAttempts++;
        Status = EmailStatus.Sent;
        SentAt = now;
        LastError = null;
        NextSendAt = null;
        HandedToSmtpAt = null;
    }

    /// <summary>
    /// The SMTP server did not take it: tried again after <paramref name="retryInterval"/> doubled
    /// per failed try (at most an hour), until <paramref name="maxAttempts"/> tries, then given up.
    /// </summary>
    public void MarkSendFailed(string error, DateTimeOffset realNow, TimeSpan retryInterval, int maxAttempts)
    {
        SendAttempts++;
        HandedToSmtpAt = null;
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
