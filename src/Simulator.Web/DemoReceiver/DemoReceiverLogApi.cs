using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Simulator.Web.Apis;
using Simulator.Web.Auth;

namespace Simulator.Web.DemoReceiver;

/// <summary>
/// The demo receiver's log in the REST API, as the <c>/demo-receiver</c> page shows it: Owner only,
/// like the page, because the bodies are (simulated) patient data.
/// </summary>
public static class DemoReceiverLogApi
{
    public static IEndpointRouteBuilder MapDemoReceiverLogApi(this IEndpointRouteBuilder app)
    {
        var log = app.MapGroup("/api/demo-receiver/requests").WithTags("Demo receiver").RequireAuthorization(SimulatorAuth.OwnerPolicy);
        log.MapGet("/", List)
            .WithSummary("Requests the demo receiver received, newest first, with headers, body and its answer")
            .WithDescription($"The last {DemoReceiverLog.Capacity} requests to /demo-receiver/* (in memory: a restart forgets them). "
                + $"`limit` 1..{ApiPaging.MaxLimit}, default {ApiPaging.DefaultLimit}. A body longer than {DemoReceiverLog.MaxBodyChars} characters is cut (`body_cut`).");
        log.MapDelete("/", Clear).WithSummary("Clear the demo receiver's list (the page's \"Clear the list\")");
        return app;
    }

    private static Results<Ok<List<DemoRequestResponse>>, ValidationProblem> List(DemoReceiverLog log, [FromQuery(Name = "limit")] int? limit = null) =>
        ApiOutcome.Checked(() => TypedResults.Ok(log.Recent().Take(ApiPaging.Limit(limit)).Select(DemoRequestResponse.From).ToList()));

    private static NoContent Clear(DemoReceiverLog log)
    {
        log.Clear();
        return TypedResults.NoContent();
    }
}
