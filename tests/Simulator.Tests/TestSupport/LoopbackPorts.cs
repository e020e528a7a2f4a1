using System.Net;
using System.Net.Sockets;

namespace Simulator.Tests.TestSupport;

/// <summary>Ports on 127.0.0.1 for tests.</summary>
public static class LoopbackPorts
{
    /// <summary>A port nothing listens on now: a connection to it is refused.</summary>
    public static int Unused()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
