namespace Simulator.Web.Auth;

/// <summary>Where a sign-in may send the user back to: a path on this site, nothing else.</summary>
public static class LocalUrl
{
    /// <summary>
    /// A path on this site: starts with one <c>/</c> (not <c>//</c> or <c>/\</c>, which browsers
    /// read as another host) and holds no control characters (which <c>LocalRedirect</c> refuses with an exception).
    /// </summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal)
            && !url.StartsWith("/\\", StringComparison.Ordinal) && !url.Any(char.IsControl);

    public static string OrHome(string? url) => IsLocal(url) ? url! : "/";
}
