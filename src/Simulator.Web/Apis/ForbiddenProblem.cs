using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Simulator.Web.Apis;

/// <summary>403 with a reason the caller can act on (e.g. <c>Premium plan required</c>).</summary>
public sealed class ForbiddenProblem(string title, string detail)
    : ApiProblemResult(new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = title, Detail = detail }), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status403Forbidden);
}
