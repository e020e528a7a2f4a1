using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Simulator.Web.DemoReceiver;

namespace Simulator.Tests.Web.DemoReceiver;

public sealed class DemoReceiverAddressTests
{
    [Theory]
    [InlineData("http://[::]:8080", "http://localhost:8080")]
    [InlineData("http://+:8080", "http://localhost:8080")]
    [InlineData("http://0.0.0.0:8080", "http://localhost:8080")]
    [InlineData("http://localhost:5000", "http://localhost:5000")]
    [InlineData("http://127.0.0.1:43123/", "http://127.0.0.1:43123")]
    public void The_simulator_calls_itself_on_the_address_it_listens_on(string listening, string expected)
    {
        Assert.Equal(expected, DemoReceiverAddress.FromServer(new ListeningServer(listening)));
    }

    [Fact]
    public void Plain_http_is_preferred_to_https()
    {
        Assert.Equal("http://localhost:5000", DemoReceiverAddress.FromServer(new ListeningServer("https://localhost:5001", "http://localhost:5000")));
    }

    [Fact]
    public void No_known_address_gives_none()
    {
        Assert.Null(DemoReceiverAddress.FromServer(new ListeningServer()));
    }

    private sealed class ListeningServer : IServer
    {
        public ListeningServer(params string[] addresses)
        {
            var feature = new ServerAddressesFeature();
            foreach (var address in addresses)
            {
                feature.Addresses.Add(address);
            }
            Features.Set<IServerAddressesFeature>(feature);
        }

        public IFeatureCollection Features { get; } = new FeatureCollection();

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }
}
