using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Simulator.Web.Apis;

/// <summary>429: as many as may run at once are running already (receiver checks).</summary>
public sealed class TooManyRequestsProblem(string title, string detail)
    : ApiProblemResult(new ProblemDetails { Status = StatusCodes.Status429TooManyRequests, Title = title, Detail = detail }), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status429TooManyRequests);
}
