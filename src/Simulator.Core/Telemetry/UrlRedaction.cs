namespace Simulator.Core.Telemetry;

/// <summary>
/// A URL as spans and log lines carry it: where it goes (scheme, host, port, path), with its query
/// string replaced by <c>*</c> and its fragment left out, the way .NET's own HttpClient telemetry
/// redacts it. A receiver's URL often holds a secret in its query (<c>?token=...</c>), and telemetry
/// goes to collectors and log files that its owner does not read alone.
/// </summary>
public static class UrlRedaction
{
    public static string Redact(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var fragment = url.IndexOf('#', StringComparison.Ordinal);
        var rest = fragment < 0 ? url : url[..fragment];
        var query = rest.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? rest : string.Concat(rest.AsSpan(0, query), "?*");
    }
}
