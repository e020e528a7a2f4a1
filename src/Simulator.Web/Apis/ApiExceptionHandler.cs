using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Simulator.Core.Domain;

namespace Simulator.Web.Apis;

/// <summary>
/// Turns refusals into RFC 7807 problem details for the API: 400 with the failing field named,
/// 403 for "Premium plan required", 404 for unknown ids, 409 for a state that forbids the change.
/// </summary>
public sealed partial class ApiExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    [GeneratedRegex("""^Failed to bind parameter "(?<type>[^ "]+) (?<name>[^ "]+)" from "(?<value>.*)"\.?$""")]
    private static partial Regex BindingFailure();

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
            DbUpdateConcurrencyException => new ProblemDetails
            {
                Status = 409,
                Title = "Changed meanwhile",
                Detail = "Something else changed the same thing at the same moment; nothing was changed. Reload and try again.",
            },
            KeyNotFoundException missing => new ProblemDetails { Status = 404, Title = "Not found", Detail = missing.Message },
            BadHttpRequestException { InnerException: JsonException json } => Validation(new Dictionary<string, string[]>
            {
                [IsMalformed(json) ? "body" : FieldOf(json.Path)] = [JsonMessage(json)],
            }),
            BadHttpRequestException bad when BindingFailure().Match(bad.Message) is { Success: true } failed => Validation(new Dictionary<string, string[]>
            {
                [JsonNamingPolicy.SnakeCaseLower.ConvertName(failed.Groups["name"].Value)] = [$"'{failed.Groups["value"].Value}' is not a valid {failed.Groups["type"].Value.TrimEnd('?')}."],
            }),
            BadHttpRequestException missing when missing.Message.StartsWith("Implicit body inferred", StringComparison.Ordinal)
                || missing.Message.StartsWith("Required parameter", StringComparison.Ordinal) => Validation(new Dictionary<string, string[]>
                {
                    ["body"] = ["A JSON body is required (Content-Type: application/json)."],
                }),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new ProblemDetails
            {
                Status = 413,
                Title = "Request body too large",
                Detail = $"API request bodies may be at most {Security.ApiBodyLimit.MaxBytes / 1024} KB.",
            },
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
            Title = "One or more fields are invalid",
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
