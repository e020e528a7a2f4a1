using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Simulator.Tests.Core.Dispatching;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Core.Telemetry;

[Collection(TelemetryCollection.Name)]
public sealed class OtlpExportTests
{
    [Fact]
    public async Task With_OTEL_EXPORTER_OTLP_ENDPOINT_set_traces_and_metrics_go_to_that_collector_over_otlp()
    {
        await using var collector = await TestReceiver.StartAsync();
        await using var receiver = await TestReceiver.StartAsync();
        var app = Simulation.Premium(new OtlpAppFactory(collector.BaseUrl));
        await using (app)
        {
            await app.EndpointAsync(receiver.Url());
            await app.CreateNoteAsync();
            await app.WhenIdleAsync();
            Assert.Equal(1, receiver.Count);
            // what the exporters hold goes now, not at their next interval (5 s for spans, 60 s for metrics)
            Assert.True(app.Services.GetRequiredService<TracerProvider>().ForceFlush());
            Assert.True(app.Services.GetRequiredService<MeterProvider>().ForceFlush());
        }

        var paths = collector.Requests.Select(r => r.Path).ToHashSet();
        Assert.Contains("/v1/traces", paths);
        Assert.Contains("/v1/metrics", paths);
        Assert.All(collector.Requests, r => Assert.Equal(("POST", "application/x-protobuf"), (r.Method, r.Headers["Content-Type"])));
        Assert.Contains(collector.Requests, r => r.Path == "/v1/traces" && r.Body.Contains("webhook.attempt", StringComparison.Ordinal));
    }

    private sealed class OtlpAppFactory(string endpoint) : SimulatorAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint);
            builder.UseSetting("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        }
    }
}
