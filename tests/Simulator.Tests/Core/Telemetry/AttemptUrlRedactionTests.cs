using Simulator.Core.Domain;
using Simulator.Core.Telemetry;
using Simulator.Tests.Core.Dispatching;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Core.Telemetry;

/// <summary>A secret in a receiver URL's query string goes to the receiver, and to no span or log line.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class AttemptUrlRedactionTests
{
    private const string Secret = "s3cret-4711";

    [Fact]
    public async Task An_attempt_to_a_url_with_a_secret_in_its_query_keeps_the_secret_out_of_its_span_and_the_logs()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await using var app = Simulation.Premium(new TelemetryAppFactory());
        await app.EndpointAsync(receiver.Url($"/webhooks?token={Secret}"));

        var raised = await app.CreateNoteAsync();
        await app.WhenIdleAsync();

        Assert.Equal(DeliveryStatus.Succeeded, (await app.OnlyDeliveryAsync(raised)).Status);
        Assert.Single(receiver.Requests);
        var span = Assert.Single(app.AttemptSpans(receiver.BaseUrl));
        Assert.Equal(receiver.Url("/webhooks?*"), span.GetTagItem(SimulatorTelemetry.UrlTag));
        Assert.NotEmpty(app.Logs.Lines);
        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains(Secret, StringComparison.Ordinal));
    }
}
