using System.Globalization;
using System.Text.RegularExpressions;
using Simulator.Core.Domain;
using Simulator.Core.Payloads;
using Simulator.Core.Webhooks;
using Simulator.Tests.Core.Dispatching;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Core.Notifications;

public sealed class FailureEmailTests
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_failed_delivery_sends_one_email_to_the_contact_with_the_facts_and_how_to_fix_it()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        await using var receiver = await TestReceiver.StartAsync();
        receiver.RespondWith(500, "receiver exploded");
        await using var app = App(smtp.Port);
        var endpoint = await app.EndpointAsync(receiver.Url(), description: "CRM sync");

        var raised = await app.CreateNoteAsync();
        await app.AdvanceAsync(TimeSpan.FromMinutes(5));
        await smtp.WaitForMessagesAsync(1);
        await app.WaitUntilAsync(async () => (await app.EmailsAsync()).All(e => e.Status == EmailStatus.Sent));

        var delivery = await app.OnlyDeliveryAsync(raised);
        var failing = await app.EndpointAsync(endpoint.Id);
        // 0 s, 5 s, 25 s, and the last at the end of the one-minute window
        Assert.Equal((DeliveryStatus.Failed, 4), (delivery.Status, delivery.AttemptCount));
        Assert.Equal(delivery.CompletedAt, failing.FailingSince);
        Assert.Equal(delivery.CompletedAt + TimeSpan.FromHours(1), failing.DisableAt);
        var message = Assert.Single(smtp.Messages);
        Assert.Equal("dev@example.com", Assert.Single(message.To.Mailboxes).Address);
        Assert.Equal("webhooks@instinctivenotes.local", Assert.Single(message.From.Mailboxes).Address);
        Assert.Contains(endpoint.Url, message.Subject, StringComparison.Ordinal);
        var body = message.TextBody;
        Assert.Contains(endpoint.Url, body, StringComparison.Ordinal);
        Assert.Contains("CRM sync", body, StringComparison.Ordinal);
        Assert.Contains(EventTypes.SoapNoteCreated, body, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"Attempts:\s+4\b"), body);
        Assert.Contains("HTTP 500", body, StringComparison.Ordinal);
        Assert.Contains(WebhookPayload.FormatTimestamp(failing.DisableAt!.Value), body, StringComparison.Ordinal);
        Assert.Contains("How to fix it", body, StringComparison.Ordinal);
        Assert.Contains("2xx", body, StringComparison.Ordinal);
        var email = Assert.Single(await app.EmailsAsync());
        Assert.Equal((EmailKind.EndpointFailing, "dev@example.com", message.Subject, endpoint.Id), (email.Kind, email.To, email.Subject, email.EndpointId));
        Assert.Equal(app.Clock.GetUtcNow(), email.SentAt);
    }

    [Fact]
    public async Task Many_failures_in_one_episode_send_a_single_email()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        await using var receiver = await TestReceiver.StartAsync();
        receiver.RespondWith(500);
        // no jitter: the three deliveries fail at the same moment
        await using var app = App(smtp.Port, ("Delivery:Jitter", "0"));
        var endpoint = await app.EndpointAsync(receiver.Url());

        await Task.WhenAll(app.CreateNoteAsync(), app.CreateNoteAsync(), app.CreateNoteAsync());
        await app.AdvanceAsync(TimeSpan.FromMinutes(5));
        await app.CreateNoteAsync();
        await app.AdvanceAsync(TimeSpan.FromMinutes(5));
        await app.WaitUntilAsync(async () => (await app.EmailsAsync()).All(e => e.Status == EmailStatus.Sent));

        var deliveries = await app.Service<WebhookActivity>().DeliveriesAsync(new DeliveryFilter(EndpointId: endpoint.Id));
        Assert.Equal(4, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(DeliveryStatus.Failed, d.Status));
        Assert.Single(await app.EmailsAsync());
        Assert.Single(smtp.Messages);
    }

    [Theory]
    [InlineData("test send")]
    [InlineData("delivery")]
    [InlineData("new url")]
    [InlineData("deactivation")]
    public async Task A_failure_addressed_within_the_grace_keeps_the_endpoint_from_being_disabled(string remedy)
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        await using var receiver = await TestReceiver.StartAsync();
        receiver.RespondWith(500);
        await using var app = App(smtp.Port);
        var endpoint = await app.EndpointAsync(receiver.Url());
        await app.CreateNoteAsync();
        await app.AdvanceAsync(TimeSpan.FromMinutes(5));
        Assert.True((await app.EndpointAsync(endpoint.Id)).IsFailing);

        receiver.RespondWith(200);
        await app.AdvanceAsync(TimeSpan.FromMinutes(30));
        var endpoints = app.Service<WebhookEndpointService>();
        switch (remedy)
        {
            case "test send":
                Assert.Equal(DeliveryStatus.Succeeded, (await endpoints.SendTestAsync(endpoint.Id, EventTypes.SoapNoteUpdated)).Status);
                break;
            case "delivery":
                await app.CreateNoteAsync();
                break;
            case "new url":
                await endpoints.UpdateAsync(endpoint.Id, receiver.Url("/fixed"), null, null, null);
                break;
            default:
                await endpoints.DeactivateAsync(endpoint.Id);
                break;
        }
        await app.WhenIdleAsync();
        Assert.False((await app.EndpointAsync(endpoint.Id)).IsFailing);

        await app.AdvanceAsync(TimeSpan.FromHours(3));

        var after = await app.EndpointAsync(endpoint.Id);
        Assert.Equal(remedy == "deactivation" ? EndpointStatus.Inactive : EndpointStatus.Active, after.Status);
        Assert.Null(after.DisableAt);
        Assert.Equal([EmailKind.EndpointFailing], (await app.EmailsAsync()).Select(e => e.Kind));
    }

    [Fact]
    public async Task Without_a_success_the_endpoint_is_disabled_after_the_grace_with_a_second_email_and_its_retries_cancelled()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        await using var receiver = await TestReceiver.StartAsync();
        receiver.RespondWith(500);
        await using var app = App(smtp.Port, ("Endpoints:DisableAfter", "00:10:00"), ("Delivery:Jitter", "0"));
        var endpoint = await app.EndpointAsync(receiver.Url());
        await app.CreateNoteAsync();
        await app.AdvanceAsync(TimeSpan.FromMinutes(5));
        var disableAt = (await app.EndpointAsync(endpoint.Id)).DisableAt!.Value;
        // the last attempt at the end of the one-minute window fails the delivery; ten minutes' grace
        Assert.Equal(app.Clock.GetUtcNow() - TimeSpan.FromMinutes(5) + TimeSpan.FromMinutes(1) + TimeSpan.FromMinutes(10), disableAt);

        // a delivery whose first retry falls after the disable time
        await app.AdvanceToAsync(disableAt - TimeSpan.FromSeconds(2));
        var late = await app.CreateNoteAsync();
        await app.WhenIdleAsync();
        Assert.Equal(disableAt + TimeSpan.FromSeconds(3), (await app.OnlyDeliveryAsync(late)).NextAttemptAt);
        Assert.Equal(EndpointStatus.Active, (await app.EndpointAsync(endpoint.Id)).Status);

        await app.AdvanceAsync(TimeSpan.FromMinutes(1));
        await smtp.WaitForMessagesAsync(2);

        var disabled = await app.EndpointAsync(endpoint.Id);
        Assert.Equal(EndpointStatus.Disabled, disabled.Status);
        Assert.Contains("not addressed", disabled.StatusReason, StringComparison.Ordinal);
        var cancelled = await app.OnlyDeliveryAsync(late);
        Assert.Equal((DeliveryStatus.Cancelled, 1, disableAt), (cancelled.Status, cancelled.AttemptCount, cancelled.CompletedAt!.Value));
        Assert.Equal(5, receiver.Count); // four attempts of the first delivery, one of the late one
        Assert.Equal([EmailKind.EndpointFailing, EmailKind.EndpointDisabled], (await app.EmailsAsync()).Select(e => e.Kind));
        var second = smtp.Messages[1];
        Assert.Contains("has been disabled", second.Subject, StringComparison.Ordinal);
        Assert.Contains(endpoint.Url, second.TextBody, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"Pending retries stopped:\s+1\b"), second.TextBody);
        Assert.Equal("dev@example.com", Assert.Single(second.To.Mailboxes).Address);

        var afterwards = await app.CreateNoteAsync();
        Assert.Empty(afterwards.Deliveries);
        await app.AdvanceAsync(TimeSpan.FromHours(2));
        Assert.Equal(5, receiver.Count);
        Assert.Equal(2, smtp.Messages.Count);
    }

    [Fact]
    public async Task While_the_smtp_server_is_down_the_email_waits_in_the_outbox_and_deliveries_go_on()
    {
        var port = LoopbackPorts.Unused();
        await using var receiver = await TestReceiver.StartAsync();
        receiver.RespondWith(context =>
        {
            context.Response.StatusCode = context.Request.Path == "/ok" ? 200 : 500;
            return Task.CompletedTask;
        });
        // paused simulated time: moving real time to the next SMTP try moves nothing else
        await using var app = App(port, ("Clock:Speed", "0"));
        var failingEndpoint = await app.EndpointAsync(receiver.Url("/fail"));
        var healthyEndpoint = await app.EndpointAsync(receiver.Url("/ok"));

        var raised = await app.CreateNoteAsync();
        await app.AdvanceAsync(TimeSpan.FromMinutes(5));
        await app.WaitUntilAsync(async () => (await app.EmailsAsync()).SingleOrDefault()?.Status == EmailStatus.Failed);

        var waiting = Assert.Single(await app.EmailsAsync());
        Assert.Null(waiting.SentAt);
        Assert.Contains(port.ToString(CultureInfo.InvariantCulture), waiting.LastError, StringComparison.Ordinal);
        var deliveries = raised.Deliveries.ToDictionary(d => d.EndpointId, d => d.DeliveryId);
        Assert.Equal(DeliveryStatus.Failed, (await app.DeliveryAsync(deliveries[failingEndpoint.Id])).Status);
        Assert.Equal(DeliveryStatus.Succeeded, (await app.DeliveryAsync(deliveries[healthyEndpoint.Id])).Status);
        var next = await app.CreateNoteAsync();
        await app.AdvanceAsync(TimeSpan.FromMinutes(5));
        Assert.Equal(DeliveryStatus.Succeeded, (await app.DeliveryAsync(next.Deliveries.Single(d => d.EndpointId == healthyEndpoint.Id).DeliveryId)).Status);

        await using var smtp = await TestSmtpServer.StartAsync(port);
        await app.RealTimers.WaitForWaitingTimerAsync(RetryInterval);
        app.RealTime.Advance(RetryInterval);
        await smtp.WaitForMessagesAsync(1);
        await app.WaitUntilAsync(async () => (await app.EmailsAsync()).Single().Status == EmailStatus.Sent);

        var sent = Assert.Single(await app.EmailsAsync());
        Assert.True(sent.SendAttempts >= 2);
        Assert.NotNull(sent.SentAt);
        Assert.Equal(sent.Subject, Assert.Single(smtp.Messages).Subject);
    }

    [Fact]
    public async Task Without_an_smtp_host_the_email_stays_in_the_outbox_only()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.RespondWith(500);
        await using var app = Simulation.Premium(new WatchedRealTimeAppFactory(), ("Delivery:RetryWindow", "00:01:00"));
        await app.EndpointAsync(receiver.Url());

        await app.CreateNoteAsync();
        await app.AdvanceAsync(TimeSpan.FromMinutes(5));

        var email = Assert.Single(await app.EmailsAsync());
        Assert.Equal((EmailStatus.OutboxOnly, 0), (email.Status, email.SendAttempts));
    }

    private static WatchedRealTimeAppFactory App(int smtpPort, params (string Key, string? Value)[] settings) =>
        Simulation.Premium(
            new WatchedRealTimeAppFactory(),
            [
                ("Smtp:Host", "127.0.0.1"),
                ("Smtp:Port", smtpPort.ToString(CultureInfo.InvariantCulture)),
                ("Smtp:RetryInterval", "00:00:30"),
                ("Delivery:RetryWindow", "00:01:00"),
                .. settings,
            ]);
}
