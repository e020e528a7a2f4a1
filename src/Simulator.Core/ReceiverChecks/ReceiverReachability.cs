using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Simulator.Core.ReceiverChecks;

/// <summary>
/// What a check does first: can the receiver be reached at all? It looks the host up, connects to the port and, for
/// https, completes the TLS handshake, as the webhook client does (system DNS, no proxy, the machine's trusted
/// certificates), without sending a request. When that fails the check says so once, with the host and the port,
/// instead of failing every case with advice for a receiver that never answered.
/// </summary>
internal static class ReceiverReachability
{
    /// <summary>Why <paramref name="url"/> cannot be reached, or null when it can.</summary>
    public static async Task<string?> ProbeAsync(Uri url, TimeSpan timeout, TimeProvider realTime, CancellationToken cancellationToken)
    {
        var where = $"{url.Host}:{url.Port.ToString(CultureInfo.InvariantCulture)}";
        using var limit = new CancellationTokenSource(timeout, realTime);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(limit.Token, cancellationToken);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            EndPoint endPoint = IPAddress.TryParse(url.DnsSafeHost, out var address)
                ? new IPEndPoint(address, url.Port)
                : new DnsEndPoint(url.IdnHost, url.Port);
            await socket.ConnectAsync(endPoint, either.Token);
        }
        catch (SocketException refused)
        {
            return NotConnected(refused, url.Host, where);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"{where} accepted no connection within {Seconds(timeout)}; is the host right, and does a firewall let the connection through?";
        }
        if (url.Scheme != Uri.UriSchemeHttps)
        {
            return null;
        }
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await using var tls = new SslStream(stream);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = url.IdnHost }, either.Token);
            return null;
        }
        catch (Exception failed) when (failed is AuthenticationException or IOException)
        {
            return $"the TLS handshake with {where} failed ({failed.Message.TrimEnd('.')}); does the receiver serve HTTPS there, with a certificate this machine trusts?";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"the TLS handshake with {where} did not finish within {Seconds(timeout)}; does the receiver serve HTTPS there?";
        }
    }

    private static string NotConnected(SocketException failed, string host, string where) => failed.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => $"nothing is listening on {where}; is your receiver running?",
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain or SocketError.NoRecovery =>
            $"the DNS lookup of {host} failed ({failed.Message.TrimEnd('.')}), so {where} could not be reached; is the host name right?",
        SocketError.TimedOut => $"{where} accepted no connection in time; is the host right, and does a firewall let the connection through?",
        _ => $"{where} could not be reached ({failed.Message.TrimEnd('.')})",
    };

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
