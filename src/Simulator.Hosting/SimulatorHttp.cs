using Microsoft.Extensions.DependencyInjection;

namespace InstinctiveNotes.WebhookSimulator.Hosting;

/// <summary>An API client for a running simulator, over the app host's <see cref="IHttpClientFactory"/>.</summary>
internal static class SimulatorHttp
{
    /// <summary>The named client: an advance runs every attempt that falls due on the way, which may take a while.</summary>
    public const string ClientName = "instinctive-notes-simulator";

    public static SimulatorApiClient Client(IServiceProvider services, InstinctiveNotesSimulatorResource simulator)
    {
        if (!simulator.HttpEndpoint.IsAllocated)
        {
            throw new InvalidOperationException($"The simulator '{simulator.Name}' has no address yet: its endpoint is not allocated.");
        }
        var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(ClientName);
        return new SimulatorApiClient(http, new Uri(simulator.HttpEndpoint.Url));
    }
}
