using System.Diagnostics;
using System.Globalization;
using Simulator.Core.Domain;
using Simulator.Tests.Core.Dispatching;
using Simulator.Tests.TestSupport;
using T = Simulator.Core.Telemetry.SimulatorTelemetry;

namespace Simulator.Tests.Core.Telemetry;

[Collection(TelemetryCollection.Name)]
public sealed class AttemptTelemetryTests
{
    [Fact]
    public async Task A_delivered_attempt_is_one_span_with_its_delivery_and_outcome_and_counts_as_succeeded()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await using var app = Simulation.Premium(new TelemetryAppFactory());
        var endpoint = await app.EndpointAsync(receiver.Url());

        var raised = await app.CreateNoteAsync();
        await app.WhenIdleAsync();

        var delivery = await app.OnlyDeliveryAsync(raised);
        Assert.Equal(DeliveryStatus.Succeeded, delivery.Status);
        var span = Assert.Single(app.AttemptSpans(receiver.BaseUrl));
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.Equal(default, span.ParentSpanId); // scheduled work is a trace of its own
        Assert.Equal(endpoint.Id, span.GetTagItem(T.EndpointIdTag));
        Assert.Equal(raised.EventId, span.GetTagItem(T.EventIdTag));
        Assert.Equal(EventTypes.SoapNoteCreated, span.GetTagItem(T.EventTypeTag));
        Assert.Equal(delivery.Id, span.GetTagItem(T.DeliveryIdTag));
        Assert.Equal(false, span.GetTagItem(T.TestTag));
        Assert.Equal(1, span.GetTagItem(T.AttemptNumberTag));
        Assert.Equal(T.Succeeded, span.GetTagItem(T.OutcomeTag));
        Assert.Equal(200, span.GetTagItem(T.StatusCodeTag));
        Assert.Equal("succeeded", span.GetTagItem(T.TransitionTag));
        // the attempt's span was current while it was sent: still nothing but the contract's headers
        var request = Assert.Single(receiver.Requests);
        Assert.Equal(["Content-Length", "Content-Type", "Host", "User-Agent"], request.Headers.Keys.Order(StringComparer.OrdinalIgnoreCase));

        var attempts = Assert.Single(app.Metric(T.AttemptsMetric));
        Assert.Equal(1, attempts.GetSumLong());
        Assert.Equal((T.Succeeded, EventTypes.SoapNoteCreated, 200), (TelemetryAppFactory.Tag(attempts, T.OutcomeTag), TelemetryAppFactory.Tag(attempts, T.EventTypeTag), TelemetryAppFactory.Tag(attempts, T.StatusCodeTag)));
        Assert.Equal(1, Assert.Single(app.Metric(T.AttemptDurationMetric)).GetHistogramCount());
        var lag = Assert.Single(app.Metric(T.QueueLagMetric));
        Assert.Equal((1, 0.0), (lag.GetHistogramCount(), lag.GetHistogramSum())); // due now, started now
        Assert.Equal(0, Assert.Single(app.Metric(T.WaitingMetric)).GetGaugeLastValueLong());
    }

    [Fact]
    public async Task A_failed_attempt_is_an_error_span_counts_as_failed_and_leaves_its_delivery_waiting()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.RespondWith(500, "receiver exploded");
        await using var app = Simulation.Premium(new TelemetryAppFactory());
        await app.EndpointAsync(receiver.Url());

        await app.CreateNoteAsync();
        await app.WhenIdleAsync();

        var span = Assert.Single(app.AttemptSpans(receiver.BaseUrl));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("HTTP 500", span.StatusDescription);
        Assert.Equal(T.Failed, span.GetTagItem(T.OutcomeTag));
        Assert.Equal(500, span.GetTagItem(T.StatusCodeTag));
        Assert.Equal("retry_scheduled", span.GetTagItem(T.TransitionTag));
        var attempts = Assert.Single(app.Metric(T.AttemptsMetric));
        Assert.Equal((1, T.Failed, 500), (attempts.GetSumLong(), TelemetryAppFactory.Tag(attempts, T.OutcomeTag), TelemetryAppFactory.Tag(attempts, T.StatusCodeTag)));
        Assert.Equal(1, Assert.Single(app.Metric(T.WaitingMetric)).GetGaugeLastValueLong());
    }

    [Fact]
    public async Task A_test_send_made_in_an_api_request_is_a_child_span_of_that_request()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await using var app = Simulation.Premium(new TelemetryAppFactory());
        var endpoint = await app.EndpointAsync(receiver.Url(), active: false);
        await app.CreateNoteAsync();
        using var api = app.CreateApiClient();

        var response = await api.PostAsync(
            new Uri($"/api/webhook-endpoints/{endpoint.Id.ToString(CultureInfo.InvariantCulture)}/test", UriKind.Relative),
            new StringContent("""{"event_type":"soap_note.created"}""", System.Text.Encoding.UTF8, "application/json"));

        response.EnsureSuccessStatusCode();
        var span = Assert.Single(app.AttemptSpans(receiver.BaseUrl));
        Assert.Equal(true, span.GetTagItem(T.TestTag));
        Assert.NotEqual(default, span.ParentSpanId);
        Assert.Equal(["Content-Length", "Content-Type", "Host", "User-Agent"], Assert.Single(receiver.Requests).Headers.Keys.Order(StringComparer.OrdinalIgnoreCase));
    }
}
