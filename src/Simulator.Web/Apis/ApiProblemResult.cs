using Microsoft.AspNetCore.Mvc;

namespace Simulator.Web.Apis;

/// <summary>
/// A problem-details answer (<c>application/problem+json</c>, written like <see cref="TypedResults.Problem(ProblemDetails)"/>)
/// whose status is known from its type, so that a handler's <c>Results&lt;...&gt;</c> puts it in the OpenAPI document.
/// </summary>
public abstract class ApiProblemResult(ProblemDetails problem) : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<ProblemDetails>, IContentTypeHttpResult
{
    public const string ContentTypeName = "application/problem+json";

    public ProblemDetails Value { get; } = problem;

    object? IValueHttpResult.Value => Value;

    public int? StatusCode => Value.Status;

    public string ContentType => ContentTypeName;

    public Task ExecuteAsync(HttpContext httpContext) => TypedResults.Problem(Value).ExecuteAsync(httpContext);

    protected static void Declare(EndpointBuilder builder, int status)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), [ContentTypeName]));
    }
}
