using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Simulator.Web.Apis.Contracts;

namespace Simulator.Web.Apis;

public static class HealthApi
{
    /// <summary>
    /// <c>GET /healthz</c>: the checks registered with <c>AddHealthChecks()</c> (the database), run by the
    /// framework's <see cref="HealthCheckService"/>. 200 while healthy (or degraded), 503 when a check fails.
    /// A minimal API rather than <c>MapHealthChecks</c>, so that the route stays in the OpenAPI document.
    /// </summary>
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", CheckAsync)
            .WithTags("Health").WithSummary("Health: 200 when the simulator and its database are up, 503 when not")
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable)
            .AllowAnonymous();
        return app;
    }

    private static async Task<Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>>> CheckAsync(
        HealthCheckService health, TimeProvider time, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(cancellationToken);
        var checks = report.Entries.ToDictionary(e => e.Key, e => Describe(e.Value.Status));
        var body = new HealthResponse(report.Status == HealthStatus.Healthy ? "ok" : Describe(report.Status), time.GetUtcNow(), checks);
        return report.Status == HealthStatus.Unhealthy
            ? TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable)
            : TypedResults.Ok(body);
    }

    private static string Describe(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
