using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Simulator.Hosting.Tests;

/// <summary>The simulator's telemetry in an Aspire app host: the dashboard matches it to the resource by the standard variables.</summary>
public class SimulatorTelemetryTests
{
    [Fact]
    public void The_telemetry_carries_the_service_name_and_instance_the_app_host_gives()
    {
        using var simulator = new InProcessSimulator(new Dictionary<string, string?>
        {
            ["OTEL_SERVICE_NAME"] = "insim",
            ["OTEL_RESOURCE_ATTRIBUTES"] = "service.instance.id=insim-replica-1",
        });

        var resource = simulator.Services.GetRequiredService<TracerProvider>().GetResource().Attributes.ToDictionary();

        Assert.Equal("insim", resource["service.name"]);
        Assert.Equal("insim-replica-1", resource["service.instance.id"]);
    }

    [Fact]
    public void Without_the_variables_the_service_is_called_webhook_simulator()
    {
        using var simulator = new InProcessSimulator();

        var resource = simulator.Services.GetRequiredService<TracerProvider>().GetResource().Attributes.ToDictionary();

        Assert.Equal("webhook-simulator", resource["service.name"]);
    }
}
