using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ReceiverAspNet.Tests;

/// <summary>The receiver on a real loopback port, so that the simulator can POST to it.</summary>
public sealed class RunningReceiver : WebApplicationFactory<Program>
{
    public RunningReceiver()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Url = address.TrimEnd('/') + "/webhooks";
    }

    public string Url { get; }

    public SoapNoteStore Notes => Services.GetRequiredService<SoapNoteStore>();
}
