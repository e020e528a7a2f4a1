using System.Globalization;
using Simulator.Core.Domain;
using Simulator.Tests.Core.Dispatching;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Core.Notifications;

public sealed class EmailBackoffTests
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(30);

    [Fact]
    public void The_wait_after_each_failed_try_doubles_up_to_an_hour()
    {
        var waits = Enumerable.Range(1, 10).Select(n => OutboxEmail.BackoffAfter(n, RetryInterval)).ToList();

        Assert.Equal(
            [30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600],
            waits.Select(w => (int)w.TotalSeconds));
    }

    [Fact]
    public void An_email_is_given_up_after_the_last_allowed_try()
    {
        var email = new OutboxEmail(EmailKind.EndpointFailing, 1, "dev@example.com", "s", "b", SimulatorAppFactory.Start, smtpConfigured: true);
        var now = SimulatorAppFactory.Start;

        email.MarkSendFailed("refused", now, RetryInterval, maxAttempts: 3);
        Assert.Equal((EmailStatus.Failed, now + RetryInterval), (email.Status, email.NextSendAt));
        email.MarkSendFailed("refused", now, RetryInterval, maxAttempts: 3);
        Assert.Equal((EmailStatus.Failed, now + (2 * RetryInterval)), (email.Status, email.NextSendAt));
        email.MarkSendFailed("refused", now, RetryInterval, maxAttempts: 3);

        Assert.Equal((EmailStatus.GaveUp, 3, (DateTimeOffset?)null), (email.Status, email.SendAttempts, email.NextSendAt));
        Assert.False(email.AwaitsSending);
    }

    [Fact]
    public async Task A_refused_email_is_tried_again_after_growing_waits_and_then_given_up()
    {
        var port = LoopbackPorts.Unused();
        await using var receiver = await TestReceiver.StartAsync();
        receiver.RespondWith(500);
        await using var app = Simulation.Premium(
            new WatchedRealTimeAppFactory(),
            ("Smtp:Host", "127.0.0.1"),
            ("Smtp:Port", port.ToString(CultureInfo.InvariantCulture)),
            ("Smtp:RetryInterval", "00:00:30"),
            ("Smtp:MaxSendAttempts", "3"),
            ("Delivery:RetryWindow", "00:01:00"),
            ("Clock:Speed", "0"));
        await app.EndpointAsync(receiver.Url());

        await app.CreateNoteAsync();
        await app.AdvanceAsync(TimeSpan.FromMinutes(5));
        await app.WaitUntilAsync(async () => (await app.EmailsAsync()).SingleOrDefault()?.SendAttempts == 1);

        // the second try waits the interval, the third twice as long
        await app.RealTimers.WaitForWaitingTimerAsync(RetryInterval);
        Assert.False(app.RealTimers.HasWaitingTimer(2 * RetryInterval));
        app.RealTime.Advance(RetryInterval);
        await app.WaitUntilAsync(async () => (await app.EmailsAsync()).Single().SendAttempts == 2);
        await app.RealTimers.WaitForWaitingTimerAsync(2 * RetryInterval);
        app.RealTime.Advance(2 * RetryInterval);
        await app.WaitUntilAsync(async () => (await app.EmailsAsync()).Single().Status == EmailStatus.GaveUp);

        // given up: the sender only waits for new mail now, and the e-mail is not tried again
        await app.RealTimers.WaitForWaitingTimerAsync(TimeSpan.FromHours(1));
        app.RealTime.Advance(TimeSpan.FromHours(2));
        await app.RealTimers.WaitForWaitingTimerAsync(TimeSpan.FromHours(1));
        var email = Assert.Single(await app.EmailsAsync());
        Assert.Equal((EmailStatus.GaveUp, 3), (email.Status, email.SendAttempts));
        Assert.Contains(port.ToString(CultureInfo.InvariantCulture), email.LastError, StringComparison.Ordinal);
    }
}
