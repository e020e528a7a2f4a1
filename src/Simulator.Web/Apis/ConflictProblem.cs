using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Simulator.Web.Apis;

/// <summary>409: the resource's state forbids the change (a finished delivery cancelled, no SOAP note to send, changed meanwhile).</summary>
public sealed class ConflictProblem(string title, string detail)
    : ApiProblemResult(new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = title, Detail = detail }), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status409Conflict);
}
