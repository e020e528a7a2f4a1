using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Simulator.Hosting.Tests;

/// <summary>
/// The real simulator in process on a loopback port, its clock paused (it moves only when a test or a command
/// advances it), on a throwaway store and the Standard plan: what the integration's commands and registration talk to
/// when no orchestrator runs. (Its entry point is named through a type of its assembly: the app host has a
/// <c>Program</c> too.)
/// </summary>
public sealed class InProcessSimulator : WebApplicationFactory<Simulator.Web.Components.App>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;

    public InProcessSimulator(IReadOnlyDictionary<string, string?>? settings = null)
    {
        _settings = settings ?? new Dictionary<string, string?>();
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Port = new Uri(address).Port;
    }

    public int Port { get; }

    /// <summary>An API client as the Owner.</summary>
    public HttpClient Api()
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "dev-owner-token");
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Development");
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Simulator:Storage:Provider"] = "InMemory",
            ["Simulator:Clock:Speed"] = "0",
            ["Simulator:Account:Plan"] = "Standard",
        }).AddInMemoryCollection(_settings));
    }
}
