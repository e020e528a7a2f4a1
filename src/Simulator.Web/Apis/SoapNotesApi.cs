using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Simulator.Core.Domain;
using Simulator.Core.SoapNotes;
using Simulator.Web.Apis.Contracts;

namespace Simulator.Web.Apis;

public static class SoapNotesApi
{
    /// <summary>Response header naming the event a save raised.</summary>
    public const string EventIdHeader = "X-Simulator-Event-Id";

    public static IEndpointRouteBuilder MapSoapNotesApi(this IEndpointRouteBuilder api)
    {
        var notes = api.MapGroup("/soap-notes").WithTags("SOAP notes");
        notes.MapGet("/", ListAsync).WithSummary("SOAP notes, newest first");
        notes.MapGet("/{id:int}", GetAsync).WithSummary("One SOAP note, exactly as data.object of its webhook");
        notes.MapPost("/", CreateAsync)
            .WithExample("""{"name":"Standard Treatment","state":"final","exercise_prescriptions":[{"exercise_id":1,"reps":1,"sets":1,"hold_for":"20 seconds"}]}""")
            .WithSummary("Create a SOAP note; raises soap_note.created")
            .WithDescription("Any field left out is generated with realistic physiotherapy data. The event's id is in the X-Simulator-Event-Id header.");
        notes.MapPatch("/{id:int}", UpdateAsync)
            .WithExample("""{"recommendations":"Get more sleep, Elevate injury"}""")
            .WithSummary("Change a SOAP note; raises soap_note.updated")
            .WithDescription("Changes the given fields; with an empty body `{}`, makes a realistic random change.");
        return api;
    }

    private static Task<Results<Ok<List<SoapNoteResponse>>, ValidationProblem>> ListAsync(SoapNoteService notes, CancellationToken ct, int? limit = null) =>
        ApiOutcome.CheckedAsync(async () => TypedResults.Ok((await notes.ListAsync(ApiPaging.Limit(limit), ct)).Select(SoapNoteResponse.From).ToList()));

    private static async Task<Results<Ok<SoapNoteResponse>, NotFoundProblem>> GetAsync(int id, SoapNoteService notes, CancellationToken ct) =>
        await notes.FindAsync(id, ct) is { } note
            ? TypedResults.Ok(SoapNoteResponse.From(note))
            : new NotFoundProblem($"SOAP note {id} does not exist.");

    /// <summary>A 409 here is a dosage or prescription the domain refuses (e.g. an exercise without reps or a hold time).</summary>
    private static async Task<Results<Created<SoapNoteResponse>, ValidationProblem, ConflictProblem>> CreateAsync(SoapNoteRequest? request, SoapNoteService notes, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        try
        {
            var (note, raised) = await notes.CreateAsync(ToInput(request), user.Identity?.Name ?? "API", ct);
            http.Response.Headers[EventIdHeader] = raised.EventId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Created($"/api/soap-notes/{note.Id}", SoapNoteResponse.From(note));
        }
        catch (DomainValidationException invalid)
        {
            return ApiOutcome.Invalid(invalid.Errors);
        }
        catch (DomainRuleException refused)
        {
            return ApiOutcome.Conflict(refused);
        }
    }

    private static Task<Results<Ok<SoapNoteResponse>, ValidationProblem, NotFoundProblem, ConflictProblem>> UpdateAsync(int id, SoapNoteRequest? request, SoapNoteService notes, HttpContext http, CancellationToken ct) =>
        ApiOutcome.ChangeAsync(async () =>
        {
            var (note, raised) = await notes.UpdateAsync(id, ToInput(request), ct);
            http.Response.Headers[EventIdHeader] = raised.EventId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Ok(SoapNoteResponse.From(note));
        });

    private static SoapNoteInput ToInput(SoapNoteRequest? request)
    {
        if (request is null)
        {
            return new SoapNoteInput();
        }
        var errors = new Dictionary<string, string[]>();
        RefuseUnknown(request.Unknown, "", "a SOAP note", errors);
        var exercises = request.ExercisePrescriptions?.Select((p, i) =>
        {
            RefuseUnknown(p?.Unknown, $"exercise_prescriptions[{i}].", "an exercise prescription", errors);
            if (p is null)
            {
                errors[$"exercise_prescriptions[{i}]"] = ["Each exercise prescription is an object (its fields may be left out: {} is a generated one)."];
                return new ExercisePrescriptionInput();
            }
            return new ExercisePrescriptionInput(
                p.ExerciseId, p.HoldFor, p.Instructions, p.Reps, p.RestTime, p.Sets, p.TimesPerDay, p.TimesPerWeek, p.ExerciseExternalRef, p.Name, p.Tools);
        }).ToList();
        var products = request.ProductPrescriptions?.Select((p, i) =>
        {
            RefuseUnknown(p?.Unknown, $"product_prescriptions[{i}].", "a product prescription", errors);
            if (p is null)
            {
                errors[$"product_prescriptions[{i}]"] = ["Each product prescription is an object (its fields may be left out: {} is a generated one)."];
                return new ProductPrescriptionInput();
            }
            return new ProductPrescriptionInput(p.ProductId, p.Name, p.ProductExternalRef);
        }).ToList();
        SoapNoteState? state = null;
        try
        {
            state = request.State is null ? null : ApiValidation.ParseEnum<SoapNoteState>(request.State, "state");
        }
        catch (DomainValidationException invalid)
        {
            errors["state"] = invalid.Errors["state"];
        }
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }
        return new SoapNoteInput
        {
            ClientId = request.ClientId,
            ClientExternalRef = request.ClientExternalRef,
            CreatedAt = request.CreatedAt,
            CreatedBy = request.CreatedBy,
            Name = request.Name,
            Recommendations = request.Recommendations,
            SeenAt = request.SeenAt,
            State = state,
            UpdatedAt = request.UpdatedAt,
            ExercisePrescriptions = exercises,
            ProductPrescriptions = products,
        };
    }

    /// <summary>A member that is no field: an <c>id</c> is the store's to assign; anything else is a typo or another object's.</summary>
    private static void RefuseUnknown(Dictionary<string, JsonElement>? unknown, string prefix, string kind, Dictionary<string, string[]> errors)
    {
        foreach (var name in unknown?.Keys ?? Enumerable.Empty<string>())
        {
            errors[prefix + name] = [name == "id"
                ? $"The store assigns the id of {kind}: leave it out. (To send a note with ids of your choosing, use Send test with an object: POST /api/webhook-endpoints/{{id}}/test.)"
                : $"Not a field of {kind}."];
        }
    }
}
