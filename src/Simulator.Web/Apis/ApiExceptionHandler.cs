using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Simulator.Core.Domain;

namespace Simulator.Web.Apis;

/// <summary>
/// The API's safety net for what a handler's typed results do not cover: refusals raised outside a
/// handler's <see cref="ApiOutcome"/> (mapped by exception type: 400 with the failing field named, 403
/// for "Premium plan required", 404 for unknown ids, 409 for a state that forbids the change) and
/// requests the framework could not bind (bad JSON, a query value of the wrong type, no body, too
/// large). It never reads an exception's message to decide: a JSON error is placed by its
/// <see cref="JsonException.Path"/>, a query or route value by trying it against the handler's parameters.
/// </summary>
public sealed class ApiExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (!httpContext.Request.Path.StartsWithSegments("/api"))
        {
            return false;
        }
        ProblemDetails? problem = exception switch
        {
            DomainValidationException invalid => Validation(invalid.Errors),
            PremiumPlanRequiredException premium => new ProblemDetails { Status = 403, Title = premium.Title, Detail = premium.Message },
            DomainRuleException rule => new ProblemDetails { Status = 409, Title = rule.Title, Detail = rule.Message },
            DbUpdateConcurrencyException => ApiOutcome.ChangedMeanwhile().Value,
            KeyNotFoundException missing => new ProblemDetails { Status = 404, Title = "Not found", Detail = missing.Message },
            BadHttpRequestException { InnerException: JsonException json } => Validation(new Dictionary<string, string[]>
            {
                [IsMalformed(json) ? "body" : FieldOf(json.Path)] = [JsonMessage(json)],
            }),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new ProblemDetails
            {
                Status = 413,
                Title = "Request body too large",
                Detail = $"API request bodies may be at most {Security.ApiBodyLimit.MaxBytes / 1024} KB.",
            },
            BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } when BindingFailure.Find(httpContext) is { } failed =>
                Validation(new Dictionary<string, string[]> { [failed.Field] = [failed.Message] }),
            BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } when BindingFailure.ExpectsBody(httpContext) =>
                Validation(new Dictionary<string, string[]> { ["body"] = ["A JSON body is required (Content-Type: application/json)."] }),
            BadHttpRequestException bad => new ProblemDetails { Status = bad.StatusCode, Title = "Bad request", Detail = bad.Message },
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }
        httpContext.Response.StatusCode = problem.Status ?? 400;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    public static ValidationProblemDetails Validation(IReadOnlyDictionary<string, string[]> errors) =>
        new(errors.ToDictionary(e => e.Key, e => e.Value))
        {
            Status = 400,
            Title = ApiOutcome.InvalidTitle,
        };

    private static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "body";
        }
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    /// <summary>Broken JSON (as opposed to valid JSON with a value of the wrong type).</summary>
    private static bool IsMalformed(JsonException json) =>
        json.InnerException?.GetType().Name == "JsonReaderException" || json.Path is null or "$";

    private static string JsonMessage(JsonException json) =>
        IsMalformed(json)
            ? "The body is not valid JSON" + (json.LineNumber is { } line ? $" (line {line + 1}, position {json.BytePositionInLine})." : ".")
            : "The value has the wrong type or format.";
}
