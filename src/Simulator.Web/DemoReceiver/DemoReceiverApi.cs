using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Simulator.Core;

namespace Simulator.Web.DemoReceiver;

/// <summary>
/// A receiver inside the simulator, so a newcomer can watch deliveries, retries, timeouts and the
/// failure e-mail before writing any code: register <c>http://localhost:8080/demo-receiver/fail</c>
/// (or ok, flaky, slow, redirect) as an endpoint. Anonymous: the simulator itself calls it.
/// </summary>
public static class DemoReceiverApi
{
    public static IServiceCollection AddDemoReceiver(this IServiceCollection services)
    {
        services.AddSingleton<DemoReceiverLog>();
        services.AddKeyedSingleton<SeenBodies>(DemoRoute.Flaky.Name);
        services.AddKeyedSingleton<SeenBodies>(DemoRoute.Idempotent.Name);
        return services;
    }

    public static IEndpointRouteBuilder MapDemoReceiver(this IEndpointRouteBuilder app)
    {
        // Not under /api: no token is asked for, and the API's bearer scheme never sees these requests.
        var receiver = app.MapGroup(DemoRoute.BasePath)
            .AllowAnonymous()
            .DisableAntiforgery()
            .ExcludeFromDescription();
        receiver.MapPost(DemoRoute.Ok.Name, OkAsync);
        receiver.MapPost(DemoRoute.Fail.Name, FailAsync);
        receiver.MapPost(DemoRoute.Flaky.Name, FlakyAsync);
        receiver.MapPost(DemoRoute.Slow.Name, SlowAsync);
        receiver.MapPost(DemoRoute.Redirect.Name, RedirectAsync);
        receiver.MapPost(DemoRoute.Idempotent.Name, IdempotentAsync);
        app.MapDemoReceiverLogApi();
        return app;
    }

    private static async Task<IResult> OkAsync(HttpContext context, DemoReceiverLog log) =>
        await ReceiveAsync(context) is { } arrival
            ? Answer(log, arrival, StatusCodes.Status200OK, "ok: received")
            : TooLarge();

    private static async Task<IResult> FailAsync(HttpContext context, DemoReceiverLog log) =>
        await ReceiveAsync(context) is { } arrival
            ? Answer(log, arrival, StatusCodes.Status500InternalServerError, "failing on purpose: /demo-receiver/fail always answers 500")
            : TooLarge();

    private static async Task<IResult> FlakyAsync(HttpContext context, DemoReceiverLog log, [FromKeyedServices("flaky")] SeenBodies flaky)
    {
        if (await ReceiveAsync(context) is not { } arrival)
        {
            return TooLarge();
        }
        var seen = flaky.Count(arrival.Body);
        return seen <= DemoRoute.FlakyFailuresPerEvent
            ? Answer(log, arrival, StatusCodes.Status500InternalServerError, $"failing on purpose: request {seen} with this body; request {DemoRoute.FlakyFailuresPerEvent + 1} will succeed")
            : Answer(log, arrival, StatusCodes.Status200OK, $"ok: received (request {seen} with this body)");
    }

    /// <summary>Answers 200 like an idempotent receiver, and says so when the same bytes came before.</summary>
    private static async Task<IResult> IdempotentAsync(HttpContext context, DemoReceiverLog log, [FromKeyedServices("idempotent")] SeenBodies seenBodies)
    {
        if (await ReceiveAsync(context) is not { } arrival)
        {
            return TooLarge();
        }
        var seen = seenBodies.Count(arrival.Body);
        if (seen == 1)
        {
            return Answer(log, arrival, StatusCodes.Status200OK, "ok: received, first time with this body");
        }
        var answer = DemoAnswer.Status(StatusCodes.Status200OK) with { Text = $"200 OK · duplicate: request {seen} with this body, processed once" };
        log.Add(arrival.Method, arrival.Path, arrival.Headers, arrival.BodyText, arrival.DescribeEvent(), answer);
        return Text(StatusCodes.Status200OK, $"ok: already processed (request {seen} with this body); nothing done twice");
    }

    private static async Task<IResult> SlowAsync(
        HttpContext context,
        DemoReceiverLog log,
        IOptions<SimulatorOptions> options,
        [FromKeyedServices(SimulatorServiceCollectionExtensions.RealTimeKey)] TimeProvider realTime)
    {
        if (await ReceiveAsync(context) is not { } arrival)
        {
            return TooLarge();
        }
        var delay = options.Value.Delivery.Timeout + TimeSpan.FromSeconds(1);
        var started = realTime.GetTimestamp();
        // The timer exists before the arrival is shown: whoever sees it may move time on.
        var wait = Task.Delay(delay, realTime, context.RequestAborted);
        var request = log.Add(arrival.Method, arrival.Path, arrival.Headers, arrival.BodyText, arrival.DescribeEvent(), DemoAnswer.Waiting(delay));
        try
        {
            await wait;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            log.SetAnswer(request.Number, DemoAnswer.HungUp(realTime.GetElapsedTime(started)));
            return TypedResults.Empty;
        }
        log.SetAnswer(request.Number, DemoAnswer.Status(StatusCodes.Status200OK));
        return Text(StatusCodes.Status200OK, "ok: received, slowly");
    }

    private static async Task<IResult> RedirectAsync(HttpContext context, DemoReceiverLog log)
    {
        if (await ReceiveAsync(context) is not { } arrival)
        {
            return TooLarge();
        }
        context.Response.Headers.Location = DemoRoute.Ok.Path;
        return Answer(log, arrival, StatusCodes.Status302Found, $"moved to {DemoRoute.Ok.Path}; webhook senders do not follow redirects");
    }

    private static async Task<DemoArrival?> ReceiveAsync(HttpContext context)
    {
        // the answers are the point: no re-executed error page in place of a 500
        if (context.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
        {
            statusCodePages.Enabled = false;
        }
        try
        {
            return await DemoArrival.ReadAsync(context.Request, context.RequestAborted);
        }
        catch (BadHttpRequestException)
        {
            return null;
        }
    }

    private static ContentHttpResult Answer(DemoReceiverLog log, DemoArrival arrival, int statusCode, string text)
    {
        log.Add(arrival.Method, arrival.Path, arrival.Headers, arrival.BodyText, arrival.DescribeEvent(), DemoAnswer.Status(statusCode));
        return Text(statusCode, text);
    }

    private static ContentHttpResult Text(int statusCode, string text) =>
        TypedResults.Text(text + "\n", "text/plain; charset=utf-8", statusCode: statusCode);

    private static ContentHttpResult TooLarge() =>
        Text(StatusCodes.Status413PayloadTooLarge, $"the demo receiver keeps bodies up to {DemoArrival.MaxBodyBytes} bytes");
}
