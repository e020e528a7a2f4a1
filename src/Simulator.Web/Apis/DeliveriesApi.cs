using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Simulator.Core.Domain;
using Simulator.Core.Webhooks;
using Simulator.Web.Apis.Contracts;
using Simulator.Web.Auth;

namespace Simulator.Web.Apis;

public static class DeliveriesApi
{
    private const string Paging = "At most `limit` items (1..1000, default 100); the next page: `before_id` = the last id of this one.";

    public static IEndpointRouteBuilder MapDeliveriesApi(this IEndpointRouteBuilder api)
    {
        var deliveries = api.MapGroup("/deliveries").WithTags("Deliveries").RequireAuthorization(SimulatorAuth.OwnerPolicy);
        deliveries.MapGet("/", ListAsync)
            .WithSummary("Deliveries with their attempts, newest first")
            .WithDescription("Filter with `endpoint_id`, `event_id` and `status` (pending, succeeded, failed, cancelled). " + Paging);
        deliveries.MapGet("/{id:long}", GetAsync).WithSummary("One delivery with its attempts");
        deliveries.MapPost("/{id:long}/retry", RetryAsync)
            .WithSummary("Send again now: a new attempt on the same delivery")
            .WithDescription("A pending delivery then keeps its retry schedule; a finished one stays as it is unless the attempt succeeds.");
        deliveries.MapPost("/{id:long}/cancel", CancelAsync)
            .WithSummary("Stop retrying a pending delivery");

        var events = api.MapGroup("/events").WithTags("Events").RequireAuthorization(SimulatorAuth.OwnerPolicy);
        events.MapGet("/", ListEventsAsync)
            .WithSummary("Events raised, newest first, with the exact body sent and their status")
            .WithDescription("Every event, test sends included (each carries `is_test`), as `GET /api/events/{id}` shows them. "
                + "Filter with `status` (pending, delivered, failed) and `is_test` (true: only test sends; false: only events raised by changes to SOAP notes). " + Paging);
        events.MapGet("/{id:long}", GetEventAsync).WithSummary("One event (a test send included) with the exact body sent and its status");

        api.MapGet("/emails", ListEmailsAsync).WithTags("E-mails").WithSummary("The outbox, newest first, with each e-mail's SMTP send status")
            .WithDescription(Paging)
            .RequireAuthorization(SimulatorAuth.OwnerPolicy);
        return api;
    }

    private static Task<Results<Ok<List<DeliveryResponse>>, ValidationProblem>> ListAsync(
        WebhookActivity activity, CancellationToken ct,
        [FromQuery(Name = "endpoint_id")] int? endpointId = null,
        [FromQuery(Name = "event_id")] long? eventId = null,
        [FromQuery(Name = "status")] string? status = null,
        [FromQuery(Name = "limit")] int? limit = null,
        [FromQuery(Name = "before_id")] long? beforeId = null)
        => ApiOutcome.CheckedAsync(async () =>
        {
            DeliveryStatus? parsed = string.IsNullOrEmpty(status) ? null : ApiValidation.ParseEnum<DeliveryStatus>(status, "status");
            ApiPaging.CheckCursor(beforeId);
            var deliveries = await activity.DeliveriesAsync(new DeliveryFilter(endpointId, eventId, parsed, ApiPaging.Limit(limit), beforeId), ct);
            return TypedResults.Ok(deliveries.Select(DeliveryResponse.From).ToList());
        });

    private static async Task<Results<Ok<DeliveryResponse>, NotFoundProblem>> GetAsync(long id, WebhookActivity activity, CancellationToken ct) =>
        await activity.DeliveryAsync(id, ct) is { } delivery
            ? TypedResults.Ok(DeliveryResponse.From(delivery))
            : new NotFoundProblem($"Delivery {id} does not exist.");

    private static Task<Results<Ok<DeliveryResponse>, NotFoundProblem, ConflictProblem>> RetryAsync(long id, WebhookActivity activity) =>
        ApiOutcome.ActAsync(async () => TypedResults.Ok(DeliveryResponse.From(await activity.RetryAsync(id, CancellationToken.None))));

    private static Task<Results<Ok<DeliveryResponse>, NotFoundProblem, ConflictProblem>> CancelAsync(long id, WebhookActivity activity) =>
        ApiOutcome.ActAsync(async () => TypedResults.Ok(DeliveryResponse.From(await activity.CancelAsync(id, CancellationToken.None))));

    private static Task<Results<Ok<List<EventResponse>>, ValidationProblem>> ListEventsAsync(
        WebhookActivity activity, CancellationToken ct,
        [FromQuery(Name = "status")] string? status = null,
        [FromQuery(Name = "is_test")] bool? isTest = null,
        [FromQuery(Name = "limit")] int? limit = null,
        [FromQuery(Name = "before_id")] long? beforeId = null)
        => ApiOutcome.CheckedAsync(async () =>
        {
            EventStatus? parsed = string.IsNullOrEmpty(status) ? null : ApiValidation.ParseEnum<EventStatus>(status, "status");
            ApiPaging.CheckCursor(beforeId);
            var events = await activity.EventsAsync(new EventFilter(isTest, parsed, ApiPaging.Limit(limit), beforeId), ct);
            return TypedResults.Ok(events.Select(EventResponse.From).ToList());
        });

    private static async Task<Results<Ok<EventResponse>, NotFoundProblem>> GetEventAsync(long id, WebhookActivity activity, CancellationToken ct) =>
        await activity.EventAsync(id, ct) is { } summary
            ? TypedResults.Ok(EventResponse.From(summary))
            : new NotFoundProblem($"Event {id} does not exist.");

    private static Task<Results<Ok<List<EmailResponse>>, ValidationProblem>> ListEmailsAsync(
        WebhookActivity activity, CancellationToken ct,
        [FromQuery(Name = "limit")] int? limit = null,
        [FromQuery(Name = "before_id")] int? beforeId = null)
        => ApiOutcome.CheckedAsync(async () =>
        {
            ApiPaging.CheckCursor(beforeId);
            return TypedResults.Ok((await activity.EmailsAsync(ApiPaging.Limit(limit), beforeId, ct)).Select(EmailResponse.From).ToList());
        });
}
