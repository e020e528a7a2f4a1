using Simulator.Core.Domain;

namespace Simulator.Tests.Core.Domain;

/// <summary>An e-mail in the outbox as the outbox page shows it: its status, its tries and when the next one is due.</summary>
public sealed class OutboxEmailTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 26, 14, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    [Fact]
    public void A_new_email_waits_for_smtp_or_lives_in_the_outbox_only()
    {
        var pending = NewEmail(smtpConfigured: true);
        var outboxOnly = NewEmail(smtpConfigured: false);

        Assert.Equal((EmailKind.EndpointDisabled, 3, "dev@example.com", "Subject", "Body", Now), (pending.Kind, pending.EndpointId, pending.To, pending.Subject, pending.Body, pending.CreatedAt));
        Assert.Equal((EmailStatus.Pending, true), (pending.Status, pending.AwaitsSending));
        Assert.Equal((EmailStatus.OutboxOnly, false), (outboxOnly.Status, outboxOnly.AwaitsSending));
        Assert.Equal(0, pending.SendAttempts);
    }

    [Fact]
    public void A_sent_email_counts_its_try_and_forgets_the_last_error()
    {
        var email = NewEmail(smtpConfigured: true);
        email.MarkSendFailed("refused", Now, Interval, maxAttempts: 5);
        Assert.True(email.AwaitsSending);

        email.MarkSent(Now.AddMinutes(1));

        Assert.Equal((EmailStatus.Sent, 2, (DateTimeOffset?)Now.AddMinutes(1)), (email.Status, email.SendAttempts, email.SentAt));
        Assert.Null(email.LastError);
        Assert.Null(email.NextSendAt);
        Assert.False(email.AwaitsSending);
    }

    [Fact]
    public void A_failed_try_keeps_its_error_to_500_characters()
    {
        var exact = NewEmail(smtpConfigured: true);
        var longer = NewEmail(smtpConfigured: true);

        exact.MarkSendFailed(new string('e', 500), Now, Interval, maxAttempts: 5);
        longer.MarkSendFailed(new string('e', 501), Now, Interval, maxAttempts: 5);

        Assert.Equal(new string('e', 500), exact.LastError);
        Assert.Equal(new string('e', 500), longer.LastError);
        Assert.Equal((EmailStatus.Failed, 1), (longer.Status, longer.SendAttempts));
        Assert.Equal(Now + Interval, longer.NextSendAt);
    }

    [Fact]
    public void After_the_last_allowed_try_the_email_is_given_up_with_no_next_try()
    {
        var email = NewEmail(smtpConfigured: true);

        email.MarkSendFailed("refused", Now, Interval, maxAttempts: 2);
        Assert.Equal((EmailStatus.Failed, Now + Interval), (email.Status, email.NextSendAt));
        email.MarkSendFailed("still refused", Now.AddMinutes(1), Interval, maxAttempts: 2);

        Assert.Equal((EmailStatus.GaveUp, 2, "still refused"), (email.Status, email.SendAttempts, email.LastError));
        Assert.Null(email.NextSendAt);
        Assert.False(email.AwaitsSending);

        var once = NewEmail(smtpConfigured: true);
        once.MarkSendFailed("refused", Now, Interval, maxAttempts: 1);
        Assert.Equal(EmailStatus.GaveUp, once.Status);
    }

    [Fact]
    public void The_wait_is_never_shorter_than_the_interval_and_never_longer_than_an_hour_unless_the_interval_is()
    {
        Assert.Equal(Interval, OutboxEmail.BackoffAfter(0, Interval));
        Assert.Equal(TimeSpan.FromHours(1), OutboxEmail.BackoffAfter(100, Interval));
        Assert.Equal(TimeSpan.FromHours(2), OutboxEmail.BackoffAfter(3, TimeSpan.FromHours(2)));
        Assert.Equal(TimeSpan.FromMinutes(40), OutboxEmail.BackoffAfter(3, TimeSpan.FromMinutes(10)));
    }

    private static OutboxEmail NewEmail(bool smtpConfigured) =>
        new(EmailKind.EndpointDisabled, 3, "dev@example.com", "Subject", "Body", Now, smtpConfigured);
}
