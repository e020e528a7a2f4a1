using Microsoft.EntityFrameworkCore;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Simulator.Core.Persistence;
using Simulator.Core.Telemetry;

namespace Simulator.Web.Extensions;

public static class ObservabilityExtensions
{
    /// <summary>The service name in exported telemetry (<c>OTEL_SERVICE_NAME</c> overrides it).</summary>
    public const string ServiceName = "webhook-simulator";

    /// <summary>The standard variable naming the OTLP collector; unset or empty, nothing is exported.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Health checks (the database, through EF Core) and OpenTelemetry: the simulator's own spans and
    /// metrics (<see cref="SimulatorTelemetry"/>) and ASP.NET Core's, exported over OTLP only when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. The webhook client is not instrumented, and it sends no
    /// trace headers whatever is listening (its handler's propagator writes none).
    /// </summary>
    public static WebApplicationBuilder AddSimulatorObservability(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        // the check resolves the context from its scope; the app itself uses IDbContextFactory per operation
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<SimulatorDbContext>>().CreateDbContext());
        services.AddHealthChecks().AddDbContextCheck<SimulatorDbContext>("database");
        services.Configure<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckServiceOptions>(options =>
        {
            foreach (var registration in options.Registrations)
            {
                registration.Timeout = TimeSpan.FromSeconds(5);
            }
        });

        var telemetry = services.AddOpenTelemetry()
            // the standard variables come after the default name, so that they win (an Aspire app host names its resources so)
            .ConfigureResource(resource => resource.AddService(ServiceName).AddEnvironmentVariableDetector())
            .WithTracing(tracing => tracing
                .AddSource(SimulatorTelemetry.Name)
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !context.Request.Path.StartsWithSegments("/healthz")))
            .WithMetrics(metrics => metrics
                .AddMeter(SimulatorTelemetry.Name)
                .AddAspNetCoreInstrumentation());
        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable]))
        {
            telemetry.WithLogging().UseOtlpExporter();
        }
        return builder;
    }
}
