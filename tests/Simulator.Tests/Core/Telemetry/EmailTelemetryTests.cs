using System.Globalization;
using Simulator.Core.Domain;
using Simulator.Tests.Core.Dispatching;
using Simulator.Tests.TestSupport;
using T = Simulator.Core.Telemetry.SimulatorTelemetry;

namespace Simulator.Tests.Core.Telemetry;

[Collection(TelemetryCollection.Name)]
public sealed class EmailTelemetryTests
{
    [Fact]
    public async Task A_failure_email_sent_over_smtp_counts_as_sent()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        await using var app = await FailedDeliveryAsync(smtp.Port);
        await smtp.WaitForMessagesAsync(1);
        await app.WaitUntilAsync(async () => (await app.EmailsAsync()).All(e => e.Status == EmailStatus.Sent));

        var sent = Assert.Single(app.Metric(T.EmailsMetric));
        Assert.Equal((1, T.Sent, "endpoint_failing"), (sent.GetSumLong(), TelemetryAppFactory.Tag(sent, T.EmailOutcomeTag), TelemetryAppFactory.Tag(sent, T.EmailKindTag)));
    }

    [Fact]
    public async Task A_failure_email_the_smtp_server_does_not_take_counts_as_failed()
    {
        await using var app = await FailedDeliveryAsync(LoopbackPorts.Unused());
        await app.WaitUntilAsync(async () => (await app.EmailsAsync()).SingleOrDefault()?.Status == EmailStatus.Failed);

        var failed = Assert.Single(app.Metric(T.EmailsMetric));
        Assert.Equal((1, T.Failed, "endpoint_failing"), (failed.GetSumLong(), TelemetryAppFactory.Tag(failed, T.EmailOutcomeTag), TelemetryAppFactory.Tag(failed, T.EmailKindTag)));
    }

    /// <summary>A delivery to a receiver that always answers 500 fails within a one-minute window: its endpoint's failure e-mail is written.</summary>
    private static async Task<TelemetryAppFactory> FailedDeliveryAsync(int smtpPort)
    {
        var receiver = await TestReceiver.StartAsync();
        receiver.RespondWith(500);
        var app = Simulation.Premium(
            new TelemetryAppFactory(),
            ("Smtp:Host", "127.0.0.1"),
            ("Smtp:Port", smtpPort.ToString(CultureInfo.InvariantCulture)),
            ("Delivery:RetryWindow", "00:01:00"));
        try
        {
            await app.EndpointAsync(receiver.Url());
            await app.CreateNoteAsync();
            await app.AdvanceAsync(TimeSpan.FromMinutes(5));
            Assert.Equal(4, receiver.Count);
        }
        finally
        {
            await receiver.DisposeAsync();
        }
        return app;
    }
}
