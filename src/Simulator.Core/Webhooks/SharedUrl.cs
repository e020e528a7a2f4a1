using Simulator.Core.Domain;

namespace Simulator.Core.Webhooks;

/// <summary>
/// Two endpoints with the same URL are allowed (the real service does not forbid it), but a
/// receiver there then gets every event twice: the UI and the API warn instead of refusing.
/// </summary>
public static class SharedUrl
{
    /// <summary>The same address once normalised (scheme and host case, default port).</summary>
    public static bool Same(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return false;
        }
        return Uri.TryCreate(a.Trim(), UriKind.Absolute, out var x) && Uri.TryCreate(b.Trim(), UriKind.Absolute, out var y)
            ? string.Equals(x.AbsoluteUri, y.AbsoluteUri, StringComparison.Ordinal)
            : string.Equals(a.Trim(), b.Trim(), StringComparison.Ordinal);
    }

    /// <summary>The other endpoints registered with <paramref name="url"/>.</summary>
    public static List<WebhookEndpoint> Others(IEnumerable<WebhookEndpoint> endpoints, string? url, int? except = null) =>
        endpoints.Where(e => e.Id != except && Same(e.Url, url)).OrderBy(e => e.Id).ToList();

    /// <summary>The warning in words (plain ASCII, so that it also fits an HTTP header), or null.</summary>
    public static string? Warning(IReadOnlyList<WebhookEndpoint> others) => others.Count switch
    {
        0 => null,
        1 => $"Endpoint {others[0].Id} already has this URL: a receiver there gets each event it is subscribed to once per endpoint.",
        _ => $"Endpoints {string.Join(", ", others.Select(e => e.Id))} already have this URL: a receiver there gets each event it is subscribed to once per endpoint.",
    };
}
