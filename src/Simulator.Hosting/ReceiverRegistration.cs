using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InstinctiveNotes.WebhookSimulator.Hosting;

/// <summary>
/// What happens when the simulator turns healthy: each receiver given with <c>WithReceiver</c> becomes an active
/// webhook endpoint (the account on Premium first, as the real service requires), with the fault lab's settings
/// when <c>WithFaults</c> gave some. Resources that wait for the simulator start after this has run.
/// </summary>
internal static class ReceiverRegistration
{
    public static async Task RegisterReceiversAsync(InstinctiveNotesSimulatorResource simulator, IServiceProvider services, CancellationToken ct)
    {
        var receivers = simulator.Annotations.OfType<SimulatorReceiverAnnotation>().ToList();
        if (receivers.Count == 0)
        {
            return;
        }
        var logger = services.GetRequiredService<ResourceLoggerService>().GetLogger(simulator);
        var api = SimulatorHttp.Client(services, simulator);
        var faults = simulator.Annotations.OfType<SimulatorFaultsAnnotation>().LastOrDefault();
        await api.UpgradeToPremiumAsync(ct).ConfigureAwait(false);
        foreach (var receiver in receivers)
        {
            var url = await receiver.GetUrlAsync(ct).ConfigureAwait(false);
            var endpoint = await api.RegisterActiveEndpointAsync(url, receiver, ct).ConfigureAwait(false);
            if (faults is not null)
            {
                await api.SetFaultsAsync(endpoint.Id, faults, ct).ConfigureAwait(false);
            }
            logger.LogInformation("Webhook endpoint {EndpointId} is active: {Url} ({EnabledEvents}) for {Receiver}",
                endpoint.Id, url, string.Join(", ", receiver.EnabledEvents), receiver.Endpoint.Resource.Name);
        }
    }
}
