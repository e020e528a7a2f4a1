using Aspire.Hosting.ApplicationModel;

namespace InstinctiveNotes.WebhookSimulator.Hosting;

/// <summary>
/// A receiver the simulator registers as an active webhook endpoint once it is healthy: the receiver's
/// endpoint URL followed by <see cref="Path"/>, subscribed to <see cref="EnabledEvents"/>.
/// </summary>
public sealed class SimulatorReceiverAnnotation(EndpointReference endpoint, string path, IReadOnlyList<string> enabledEvents, string contactEmail) : IResourceAnnotation
{
    /// <summary>The event types an endpoint registered by <c>WithReceiver</c> subscribes to unless told otherwise.</summary>
    public static readonly IReadOnlyList<string> AllEventTypes = ["soap_note.created", "soap_note.updated"];

    public EndpointReference Endpoint { get; } = endpoint;

    /// <summary>The path on the receiver's endpoint, starting with <c>/</c>.</summary>
    public string Path { get; } = path;

    public IReadOnlyList<string> EnabledEvents { get; } = enabledEvents;

    /// <summary>Where the simulator sends the failure e-mail and the disabled notice.</summary>
    public string ContactEmail { get; } = contactEmail;

    /// <summary>The endpoint's description in the simulator: names the Aspire resource it came from.</summary>
    public string Description => $"Aspire resource '{Endpoint.Resource.Name}'";

    /// <summary>The webhook URL, once the receiver's endpoint is allocated.</summary>
    public async ValueTask<string> GetUrlAsync(CancellationToken cancellationToken)
    {
        var baseUrl = await Endpoint.GetValueAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The endpoint '{Endpoint.EndpointName}' of '{Endpoint.Resource.Name}' has no URL.");
        return baseUrl.TrimEnd('/') + Path;
    }
}
