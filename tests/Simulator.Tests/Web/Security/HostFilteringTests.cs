using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Web.Security;

/// <summary>DNS rebinding: a page on evil.example that resolves to 127.0.0.1 still sends <c>Host: evil.example</c>.</summary>
public sealed class HostFilteringTests(RealPortSimulatorFixture shared) : IClassFixture<RealPortSimulatorFixture>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/api/webhook-endpoints")]
    [InlineData("/healthz")]
    [InlineData("/demo-receiver")]
    public async Task A_foreign_host_name_gets_400_on_every_route(string path)
    {
        var app = shared.App;
        using var api = app.CreateApiClient();

        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = "evil.example";
        using var response = await api.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    [InlineData("host.docker.internal")]
    [InlineData("simulator")]
    [InlineData("LOCALHOST:8080")]
    public async Task Loopback_docker_and_compose_names_are_answered(string host)
    {
        var app = shared.App;
        using var api = app.CreateApiClient();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/account");
        request.Headers.Host = host;
        using var response = await api.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AllowedHosts_widens_the_default_list_without_narrowing_it()
    {
        await using var app = new AllowedHostsApp("sim.test;other.test") { UseRealPort = true };
        app.Boot();
        using var api = app.CreateApiClient();

        foreach (var (host, expected) in new[] { ("sim.test", HttpStatusCode.OK), ("localhost", HttpStatusCode.OK), ("evil.example", HttpStatusCode.BadRequest) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/account");
            request.Headers.Host = host;
            using var response = await api.SendAsync(request);
            Assert.Equal(expected, response.StatusCode);
        }
    }

    private sealed class AllowedHostsApp(string allowedHosts) : SimulatorAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection([new KeyValuePair<string, string?>("AllowedHosts", allowedHosts)]));
        }
    }
}
