using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Simulator.Web.Apis;

/// <summary>404: the id names nothing.</summary>
public sealed class NotFoundProblem(string detail)
    : ApiProblemResult(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found", Detail = detail }), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status404NotFound);
}
