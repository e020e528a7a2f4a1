using Simulator.Core.Domain;
using Simulator.Core.Notifications;

namespace Simulator.Tests.Core.Domain;

/// <summary>
/// What an endpoint URL may be, what is stored of it, and where it is shortened or redacted: the
/// UI, the e-mails and the logs show it, so it must be printable, and a secret in its query string
/// must not reach a span or a log line.
/// </summary>
public sealed class EndpointUrlRulesTests
{
    private const string ControlCharacterMessage = "The URL may not contain control characters (such as a tab or a line break).";
    private const string PortMessage = "The port must be between 1 and 65535.";
    private const int SubjectColumn = 300;

    private static readonly DateTimeOffset Now = new(2026, 3, 26, 14, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("http://example.com/hooks\u0001")]
    [InlineData("http://example.com/ho\tks")]
    [InlineData("http://example.com/ho\r\nX-Injected: 1")]
    [InlineData("http://exa\nmple.com/hooks")]
    [InlineData("http://example.com/hooks?x=\u007f")]
    [InlineData("http://example.com/ho\u0085oks")]
    public void A_url_with_a_control_character_is_refused_with_a_message_that_says_so(string url)
    {
        Assert.Equal(ControlCharacterMessage, WebhookEndpoint.UrlError(url));
        var refused = Assert.Throws<DomainValidationException>(() => NewEndpoint(url));
        Assert.Equal([ControlCharacterMessage], refused.Errors["url"]);
    }

    [Theory]
    [InlineData("http://127.0.0.1:0/hooks")]
    [InlineData("https://example.com:0/")]
    [InlineData("http://localhost:00/hooks")]
    public void Port_0_is_refused(string url)
    {
        Assert.Equal(PortMessage, WebhookEndpoint.UrlError(url));
    }

    [Theory]
    [InlineData(" HTTP://Example.COM:80/a b/../hooks?x=1 ", "http://example.com/hooks?x=1")]
    [InlineData("http://localhost:3000", "http://localhost:3000/")]
    [InlineData("https://EXAMPLE.com:443/Hooks", "https://example.com/Hooks")]
    [InlineData("http://127.0.0.1:5005/hooks#part", "http://127.0.0.1:5005/hooks#part")]
    public void The_normalised_absolute_url_is_stored_on_create_and_on_change(string given, string stored)
    {
        Assert.Equal(stored, NewEndpoint(given).Url);
        var changed = NewEndpoint("https://example.com/old");
        changed.Update(given, null, null, null, Now);
        Assert.Equal(stored, changed.Url);
    }

    [Fact]
    public void A_change_to_the_same_url_written_differently_does_not_address_a_failing_endpoint()
    {
        var endpoint = NewEndpoint("http://example.com/hooks");
        var account = new Account("Physio Practice", Plan.Premium, Now);
        endpoint.Activate(account, Now);
        Assert.True(endpoint.StartFailing(Now, TimeSpan.FromHours(1)));

        endpoint.Update("HTTP://EXAMPLE.COM:80/hooks", null, null, null, Now);

        Assert.True(endpoint.IsFailing);
    }

    [Fact]
    public void The_subjects_fit_their_column_whatever_the_url_and_keep_both_ends_of_it()
    {
        var prefix = "https://example.com/";
        var url = prefix + new string('a', WebhookEndpoint.MaxUrlLength - prefix.Length - 5) + "/tail";
        var endpoint = NewEndpoint(url);
        var raised = new WebhookEvent(EventTypes.SoapNoteCreated, 1, Now, "{}", isTest: false);
        var delivery = new Delivery(raised, endpoint, Now);

        var failing = FailureEmails.EndpointFailing(endpoint, delivery, null, TimeSpan.FromHours(1)).Subject;
        var disabled = FailureEmails.EndpointDisabled(endpoint, 0, Now).Subject;

        foreach (var subject in new[] { failing, disabled })
        {
            Assert.InRange(subject.Length, 1, SubjectColumn);
            Assert.Contains("https://example.com/aaa", subject, StringComparison.Ordinal);
            Assert.Contains("/tail", subject, StringComparison.Ordinal);
        }
        Assert.EndsWith(" is failing", failing, StringComparison.Ordinal);
        Assert.EndsWith(" has been disabled", disabled, StringComparison.Ordinal);
    }

    [Fact]
    public void An_outbox_email_cuts_a_long_subject_to_its_column_without_splitting_a_character()
    {
        var subject = new string('a', SubjectColumn - 2) + "😀😀😀";

        var email = new OutboxEmail(EmailKind.EndpointFailing, 1, "dev@example.com", subject, "Body", Now, smtpConfigured: true);

        Assert.InRange(email.Subject.Length, 1, SubjectColumn);
        Assert.False(char.IsHighSurrogate(email.Subject[^1]));
        Assert.EndsWith("…", email.Subject, StringComparison.Ordinal);
    }

    private static WebhookEndpoint NewEndpoint(string url) =>
        WebhookEndpoint.Create(url, null, "dev@example.com", [EventTypes.SoapNoteCreated], Now);
}
