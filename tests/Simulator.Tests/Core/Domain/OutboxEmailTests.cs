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

    [Fact]
    public void A_handoff_is_recorded_before_the_smtp_server_hears_of_it_and_its_answer_clears_it()
    {
        var accepted = NewEmail(smtpConfigured: true);
        var refused = NewEmail(smtpConfigured: true);

        accepted.HandToSmtp(Now);
        refused.HandToSmtp(Now);
        Assert.Equal((true, (DateTimeOffset?)Now), (accepted.IsHandedToSmtp, accepted.HandedToSmtpAt));
        accepted.MarkSent(Now.AddSeconds(1));
        refused.MarkSendFailed("refused", Now, Interval, maxAttempts: 5);

        Assert.Equal((EmailStatus.Sent, false, 1), (accepted.Status, accepted.IsHandedToSmtp, accepted.SendAttempts));
        Assert.Equal((EmailStatus.Failed, false), (refused.Status, refused.IsHandedToSmtp));
        refused.HandToSmtp(Now.AddMinutes(1)); // tried again later
        Assert.True(refused.IsHandedToSmtp);
    }

    [Fact]
    public void Only_an_email_waiting_to_be_sent_and_not_handed_over_already_is_handed_over()
    {
        var sent = NewEmail(smtpConfigured: true);
        sent.MarkSent(Now);
        var handed = NewEmail(smtpConfigured: true);
        handed.HandToSmtp(Now);

        Assert.Throws<DomainRuleException>(() => sent.HandToSmtp(Now));
        Assert.Throws<DomainRuleException>(() => NewEmail(smtpConfigured: false).HandToSmtp(Now));
        Assert.Throws<DomainRuleException>(() => handed.HandToSmtp(Now));
        Assert.Throws<DomainRuleException>(() => sent.HandoffLost());
    }

    [Fact]
    public void A_handoff_cut_short_once_is_sent_once_more_and_cut_short_twice_is_not_sent_a_third_time()
    {
        var email = NewEmail(smtpConfigured: true);
        email.HandToSmtp(Now);

        Assert.True(email.HandoffLost());
        Assert.Equal((EmailStatus.Pending, true, false, 1, 1), (email.Status, email.AwaitsSending, email.IsHandedToSmtp, email.SendAttempts, email.LostHandoffs));
        Assert.Null(email.NextSendAt); // due at once
        Assert.Contains("may have arrived", email.LastError, StringComparison.Ordinal);

        email.HandToSmtp(Now.AddMinutes(1));
        Assert.False(email.HandoffLost());

        Assert.Equal((EmailStatus.Unconfirmed, false, 2, 2), (email.Status, email.AwaitsSending, email.SendAttempts, email.LostHandoffs));
        Assert.Throws<DomainRuleException>(() => email.HandToSmtp(Now.AddMinutes(2)));
    }

    [Fact]
    public void A_handoff_cut_short_then_refused_and_then_accepted_ends_sent()
    {
        var email = NewEmail(smtpConfigured: true);
        email.HandToSmtp(Now);
        email.HandoffLost();
        email.HandToSmtp(Now);
        email.MarkSendFailed("refused", Now, Interval, maxAttempts: 5);
        email.HandToSmtp(Now + Interval);

        email.MarkSent(Now.AddMinutes(1));

        Assert.Equal((EmailStatus.Sent, 3, 1), (email.Status, email.SendAttempts, email.LostHandoffs));
        Assert.Null(email.LastError);
    }

    private static OutboxEmail NewEmail(bool smtpConfigured) =>
        new(EmailKind.EndpointDisabled, 3, "dev@example.com", "Subject", "Body", Now, smtpConfigured);
}
