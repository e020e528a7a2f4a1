using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;

namespace Simulator.Web.Apis;

/// <summary>Endpoint metadata: an example request body shown in the OpenAPI document and Scalar.</summary>
public sealed record ApiExample(string Json)
{
    /// <summary>Copies each endpoint's <see cref="ApiExample"/> into its OpenAPI request body.</summary>
    public static Task ApplyAsync(Microsoft.OpenApi.OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var example = context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiExample>().FirstOrDefault();
        if (example is not null && operation.RequestBody?.Content is { } content)
        {
            foreach (var mediaType in content.Values)
            {
                mediaType.Example = JsonNode.Parse(example.Json);
            }
        }
        return Task.CompletedTask;
    }
}

public static class ApiExampleExtensions
{
    public static RouteHandlerBuilder WithExample(this RouteHandlerBuilder builder, string json) =>
        builder.WithMetadata(new ApiExample(json));
}
