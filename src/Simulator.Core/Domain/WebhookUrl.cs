namespace Simulator.Core.Domain;

/// <summary>
/// The rules for a URL the simulator POSTs to (an endpoint's, a receiver check's) and the form it is
/// kept in: absolute <c>http</c>/<c>https</c>, printable (it is shown in the UI, the e-mails and the
/// logs), no credentials, a real port; kept as <see cref="Uri.AbsoluteUri"/> (lower-case scheme and
/// host, no default port, dot segments resolved, unsafe characters escaped).
/// </summary>
public static class WebhookUrl
{
    public const int MaxLength = 2048;

    public const string RequiredMessage = "The URL is required.";

    public const string ControlCharacterMessage = "The URL may not contain control characters (such as a tab or a line break).";

    public const string AbsoluteMessage = "Enter an absolute URL, such as https://example.com/webhooks.";

    public const string SchemeMessage = "The URL must start with http:// or https://.";

    public const string CredentialsMessage = "The URL may not contain a user name or password (user:pass@): it is shown in the UI, the e-mails and the logs.";

    public const string PortMessage = "The port must be between 1 and 65535.";

    public static string LengthMessage => $"The URL may be at most {MaxLength} characters.";

    /// <summary>What is wrong with <paramref name="url"/>, in words for the person who typed it; null when it is good.</summary>
    public static string? Error(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return RequiredMessage;
        }
        if (url.Length > MaxLength)
        {
            return LengthMessage;
        }
        var trimmed = url.Trim();
        if (trimmed.Any(char.IsControl))
        {
            return ControlCharacterMessage;
        }
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            return AbsoluteMessage;
        }
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            return SchemeMessage;
        }
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return CredentialsMessage;
        }
        if (uri.Port is < 1 or > 65535)
        {
            return PortMessage;
        }
        if (uri.AbsoluteUri.Length > MaxLength)
        {
            return LengthMessage;
        }
        return null;
    }

    /// <summary>The form a good URL is kept in (<see cref="Error"/> must have found nothing wrong).</summary>
    public static string Normalize(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return new Uri(url.Trim(), UriKind.Absolute).AbsoluteUri;
    }
}
