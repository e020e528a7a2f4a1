using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Simulator.Web.Auth;

namespace Simulator.Web.Apis;

/// <summary>
/// Declares the API's bearer token in the OpenAPI document: the scheme under components, and a
/// requirement on every operation under <c>/api</c> (so a client such as Scalar knows where the
/// token goes; <c>/healthz</c> needs none).
/// </summary>
public static class BearerSecurityScheme
{
    /// <summary>The token of the seeded Owner, filled in for the API reference's "Test Request".</summary>
    public const string OwnerToken = "dev-owner-token";

    public static Task ApplyAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SimulatorAuth.BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = $"A seeded user's token: `{OwnerToken}` (Olivia Owner) or `dev-practitioner-token` (Pat Practitioner).",
        };
        var requirement = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SimulatorAuth.BearerScheme, document)] = [] };
        foreach (var (path, item) in document.Paths)
        {
            if (!path.StartsWith("/api/", StringComparison.Ordinal) || item.Operations is null)
            {
                continue;
            }
            foreach (var operation in item.Operations.Values)
            {
                operation.Security ??= [];
                operation.Security.Add(requirement);
            }
        }
        return Task.CompletedTask;
    }
}
