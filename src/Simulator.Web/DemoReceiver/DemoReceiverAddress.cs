using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Simulator.Web.DemoReceiver;

/// <summary>
/// Where the simulator reaches its own demo receiver: the address it listens on, with a wildcard
/// host made <c>localhost</c>. In a container that is <c>http://localhost:8080</c> whatever host
/// port is published, which is why the browser's address is only the fallback.
/// </summary>
public static partial class DemoReceiverAddress
{
    private static readonly string[] Wildcards = ["[::]", "+", "*", "0.0.0.0"];

    public static string? FromServer(IServer? server)
    {
        var addresses = server?.Features.Get<IServerAddressesFeature>()?.Addresses;
        if (addresses is null || addresses.Count == 0)
        {
            return null;
        }
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses.First();
        var match = ListenAddress().Match(address);
        if (!match.Success)
        {
            return null;
        }
        var host = match.Groups["host"].Value;
        if (Wildcards.Contains(host))
        {
            host = "localhost";
        }
        return $"{match.Groups["scheme"].Value}://{host}{match.Groups["port"].Value}";
    }

    [GeneratedRegex(@"^(?<scheme>https?)://(?<host>\[[^\]]*\]|[^:/]+)(?<port>:\d+)?", RegexOptions.IgnoreCase)]
    private static partial Regex ListenAddress();
}
