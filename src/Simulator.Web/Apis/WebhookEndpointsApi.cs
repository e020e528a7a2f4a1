using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Simulator.Core.Domain;
using Simulator.Core.Payloads;
using Simulator.Core.Webhooks;
using Simulator.Web.Apis.Contracts;
using Simulator.Web.Auth;

namespace Simulator.Web.Apis;

public static class WebhookEndpointsApi
{
    /// <summary>Response header with a warning that did not stop the change (e.g. a URL another endpoint already has).</summary>
    public const string WarningHeader = "X-Simulator-Warning";

    public static IEndpointRouteBuilder MapWebhookEndpointsApi(this IEndpointRouteBuilder api)
    {
        var endpoints = api.MapGroup("/webhook-endpoints").WithTags("Webhook endpoints").RequireAuthorization(SimulatorAuth.OwnerPolicy);
        endpoints.MapGet("/", ListAsync).WithSummary("Webhook endpoints (Owner)")
            .WithDescription("Oldest first. At most `limit` endpoints (1..1000, default 100); the next page: `after_id` = the last id of this one.");
        endpoints.MapPost("/", CreateAsync)
            .WithExample("""{"url":"http://host.docker.internal:3000/webhooks","contact_email":"dev@example.com","enabled_events":["soap_note.created","soap_note.updated"],"description":"My integration"}""")
            .WithSummary("Add a webhook endpoint; it always starts inactive")
            .WithDescription("A URL another endpoint already has is accepted, with a warning in the X-Simulator-Warning header: a receiver there would get each event once per endpoint.");
        endpoints.MapGet("/{id:int}", GetAsync).WithSummary("One webhook endpoint");
        endpoints.MapPatch("/{id:int}", UpdateAsync)
            .WithExample("""{"url":"http://host.docker.internal:3000/v2/webhooks"}""")
            .WithSummary("Change a webhook endpoint")
            .WithDescription("Members left out stay as they are. A new URL addresses a failing endpoint. A URL another endpoint already has is accepted, with a warning in the X-Simulator-Warning header.");
        endpoints.MapDelete("/{id:int}", DeleteAsync).WithSummary("Delete a webhook endpoint; its pending deliveries are cancelled");
        endpoints.MapPost("/{id:int}/activate", ActivateAsync)
            .WithSummary("Activate (Premium plan only)")
            .WithDescription("On the Standard plan: 403 with title `Premium plan required`.");
        endpoints.MapPost("/{id:int}/deactivate", DeactivateAsync).WithSummary("Deactivate");
        endpoints.MapPost("/{id:int}/test", TestAsync)
            .WithExample("""{"event_type":"soap_note.created","fixture":"reference_example"}""")
            .WithSummary("Send a test now: any event type, whatever the status or subscriptions")
            .WithDescription("Sends the last SOAP note created (soap_note.created) or updated (soap_note.updated; while no note has been updated yet, the last one saved). "
                + "Instead: `object`, a complete SOAP note in the payload's shape, sent as data.object exactly (keys in the payload's order; not saved; a missing, unknown or mistyped field is a 400 naming it, e.g. `object.exercise_prescriptions[2].reps`), "
                + "or `fixture`: `reference_example`, the documentation's own example. One attempt, no retries; 409 only when the account has no SOAP note at all and none is given.");
        endpoints.MapPost("/{id:int}/recover", RecoverAsync)
            .WithExample("""{"since":"2026-03-26T14:00:00Z"}""")
            .WithSummary("Send again every failed or cancelled delivery since a moment (simulator's choice)")
            .WithDescription("Every live delivery to the endpoint (not test sends, not the fault lab's copies) that failed or was cancelled and whose event was raised at or after `since` "
                + "is sent again now, one attempt each, like Send again. 202 with their count and ids; the attempts run after the answer (`POST /api/clock/advance` waits for them).");
        endpoints.MapGet("/{id:int}/faults", GetFaultsAsync)
            .WithSummary("The endpoint's fault lab: duplicates, concurrent duplicates, reordering")
            .WithDescription("Off by default (every rate 0). Which deliveries get a fault, and the delays, follow from (seed, endpoint id, event id).");
        endpoints.MapPut("/{id:int}/faults", SetFaultsAsync)
            .WithExample("""{"duplicate_rate":1,"concurrent_duplicate_rate":0,"reorder_rate":0.5,"seed":438}""")
            .WithSummary("Set the endpoint's fault lab")
            .WithDescription("Members left out keep their value. A rate is 0 (never) to 1 (every delivery); outside that, 400 naming the field.");
        return api;
    }

    private static async Task<Results<Ok<FaultsResponse>, NotFoundProblem>> GetFaultsAsync(int id, WebhookEndpointService endpoints, CancellationToken ct) =>
        await endpoints.FindAsync(id, ct) is { } endpoint ? TypedResults.Ok(FaultsResponse.From(endpoint.Faults)) : NotFound(id);

    private static Task<Results<Ok<FaultsResponse>, ValidationProblem, NotFoundProblem, ConflictProblem>> SetFaultsAsync(int id, FaultsRequest request, WebhookEndpointService endpoints, CancellationToken ct) =>
        ApiOutcome.ChangeAsync(async () =>
            TypedResults.Ok(FaultsResponse.From((await endpoints.SetFaultsAsync(id, request.DuplicateRate, request.ConcurrentDuplicateRate, request.ReorderRate, request.Seed, ct)).Faults)));

    private static Task<Results<Ok<List<EndpointResponse>>, ValidationProblem>> ListAsync(
        WebhookEndpointService endpoints, CancellationToken ct,
        [FromQuery(Name = "limit")] int? limit = null,
        [FromQuery(Name = "after_id")] int? afterId = null)
        => ApiOutcome.CheckedAsync(async () =>
        {
            ApiPaging.CheckAfter(afterId);
            return TypedResults.Ok((await endpoints.ListAsync(ApiPaging.Limit(limit), afterId, ct)).Select(EndpointResponse.From).ToList());
        });

    private static async Task<Results<Ok<EndpointResponse>, NotFoundProblem>> GetAsync(int id, WebhookEndpointService endpoints, CancellationToken ct) =>
        await endpoints.FindAsync(id, ct) is { } endpoint ? TypedResults.Ok(EndpointResponse.From(endpoint)) : NotFound(id);

    private static Task<Results<Created<EndpointResponse>, ValidationProblem>> CreateAsync(CreateEndpointRequest request, WebhookEndpointService endpoints, HttpContext http, CancellationToken ct) =>
        ApiOutcome.CheckedAsync(async () =>
        {
            var endpoint = await endpoints.CreateAsync(request.Url, request.Description, request.ContactEmail, request.EnabledEvents, ct);
            await WarnOfSharedUrlAsync(endpoint, endpoints, http, ct);
            return TypedResults.Created($"/api/webhook-endpoints/{endpoint.Id}", EndpointResponse.From(endpoint));
        });

    private static Task<Results<Ok<EndpointResponse>, ValidationProblem, NotFoundProblem, ConflictProblem>> UpdateAsync(int id, UpdateEndpointRequest request, WebhookEndpointService endpoints, HttpContext http, CancellationToken ct) =>
        ApiOutcome.ChangeAsync(async () =>
        {
            var endpoint = await endpoints.UpdateAsync(id, request.Url, request.Description, request.ContactEmail, request.EnabledEvents, ct);
            if (request.Url is not null)
            {
                await WarnOfSharedUrlAsync(endpoint, endpoints, http, ct);
            }
            return TypedResults.Ok(EndpointResponse.From(endpoint));
        });

    /// <summary>A warning, not a refusal: the response keeps its shape and the header says it.</summary>
    private static async Task WarnOfSharedUrlAsync(WebhookEndpoint endpoint, WebhookEndpointService endpoints, HttpContext http, CancellationToken ct)
    {
        if (SharedUrl.Warning(SharedUrl.Others(await endpoints.ListAsync(ct), endpoint.Url, endpoint.Id)) is { } warning)
        {
            http.Response.Headers[WarningHeader] = warning;
        }
    }

    private static Task<Results<NoContent, NotFoundProblem, ConflictProblem>> DeleteAsync(int id, WebhookEndpointService endpoints, CancellationToken ct) =>
        ApiOutcome.ActAsync(async () =>
        {
            await endpoints.DeleteAsync(id, ct);
            return TypedResults.NoContent();
        });

    /// <summary>Like <see cref="ApiOutcome.ChangeAsync{TOk}"/>, and 403 on the Standard plan.</summary>
    private static async Task<Results<Ok<EndpointResponse>, ForbiddenProblem, NotFoundProblem, ConflictProblem>> ActivateAsync(int id, WebhookEndpointService endpoints, CancellationToken ct)
    {
        try
        {
            return TypedResults.Ok(EndpointResponse.From(await endpoints.ActivateAsync(id, ct)));
        }
        catch (PremiumPlanRequiredException premium)
        {
            return new ForbiddenProblem(premium.Title, premium.Message);
        }
        catch (KeyNotFoundException missing)
        {
            return new NotFoundProblem(missing.Message);
        }
        catch (DomainRuleException refused)
        {
            return ApiOutcome.Conflict(refused);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiOutcome.ChangedMeanwhile();
        }
    }

    private static Task<Results<Ok<EndpointResponse>, NotFoundProblem, ConflictProblem>> DeactivateAsync(int id, WebhookEndpointService endpoints, CancellationToken ct) =>
        ApiOutcome.ActAsync(async () => TypedResults.Ok(EndpointResponse.From(await endpoints.DeactivateAsync(id, ct))));

    private static Task<Results<Ok<DeliveryResponse>, ValidationProblem, NotFoundProblem, ConflictProblem>> TestAsync(int id, TestSendRequest request, WebhookEndpointService endpoints) =>
        ApiOutcome.ChangeAsync(async () =>
        {
            if (string.IsNullOrWhiteSpace(request.EventType))
            {
                throw ApiValidation.Field("event_type", "Choose the event type to send: soap_note.created or soap_note.updated.");
            }
            // not the request's token: a test send that has begun is finished and recorded
            return TypedResults.Ok(DeliveryResponse.From(await endpoints.SendTestAsync(id, request.EventType, TestObject(request), CancellationToken.None)));
        });

    /// <summary>The object a test sends: the one given, the fixture named, or null (the last saved note).</summary>
    private static SoapNoteObject? TestObject(TestSendRequest request) => (request.Note, request.Fixture) switch
    {
        ({ ValueKind: not JsonValueKind.Null }, not null) => throw ApiValidation.Field("fixture", "Give either object or fixture, not both."),
        ({ ValueKind: not JsonValueKind.Null } given, null) => SoapNoteObject.Parse(given),
        (_, { } fixture) => SoapNoteObject.Fixture(fixture),
        _ => null,
    };

    private static Task<Results<Accepted<RecoverResponse>, ValidationProblem, NotFoundProblem, ConflictProblem>> RecoverAsync(int id, RecoverRequest? request, DeliveryRecoverer recoverer) =>
        ApiOutcome.ChangeAsync(async () =>
        {
            if (request?.Since is not { } since)
            {
                throw ApiValidation.Field("since", "Give the moment to recover from, e.g. 2026-03-26T14:00:00Z: deliveries whose event was raised at or after it are sent again.");
            }
            // not the request's token: the deliveries chosen are sent whatever becomes of the request
            var ids = await recoverer.RecoverAsync(id, since, CancellationToken.None);
            return TypedResults.Accepted($"/api/deliveries?endpoint_id={id}", new RecoverResponse(ids.Count, ids));
        });

    private static NotFoundProblem NotFound(int id) => new($"Webhook endpoint {id} does not exist.");
}
