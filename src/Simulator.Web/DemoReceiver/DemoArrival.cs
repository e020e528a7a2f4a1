using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace Simulator.Web.DemoReceiver;

/// <summary>A request as it reached the demo receiver: method, path, headers and the whole body.</summary>
internal sealed record DemoArrival(string Method, string Path, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    /// <summary>Larger bodies are refused (413): webhook bodies are a few kilobytes.</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    public string BodyText => Encoding.UTF8.GetString(Body);

    public static async Task<DemoArrival> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var headers = request.Headers
            .SelectMany(h => h.Value.Select(v => KeyValuePair.Create(h.Key, v ?? string.Empty)))
            .ToList();
        return new DemoArrival(request.Method, request.Path + request.QueryString, headers, buffer.ToArray());
    }

    /// <summary>The event in the body, e.g. <c>soap_note.created, SOAP note 12</c>; null when the body is no event.</summary>
    public string? DescribeEvent()
    {
        try
        {
            using var document = JsonDocument.Parse(Body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                return null;
            }
            return root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                && data.TryGetProperty("object", out var note) && note.ValueKind == JsonValueKind.Object
                && note.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number
                ? $"{type.GetString()}, SOAP note {id.GetRawText()}"
                : type.GetString();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
