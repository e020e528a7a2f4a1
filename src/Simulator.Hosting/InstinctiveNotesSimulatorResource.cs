using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace InstinctiveNotes.WebhookSimulator.Hosting;

/// <summary>
/// The Instinctive Notes webhook simulator in an Aspire app model: one process (the <c>insim</c> .NET tool or
/// the simulator's project run with <c>dotnet run</c>) serving the UI and the REST API on its <c>http</c>
/// endpoint, healthy when <c>/healthz</c> answers 200.
/// </summary>
public sealed class InstinctiveNotesSimulatorResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithServiceDiscovery
{
    /// <summary>The name of the endpoint that serves the UI and the API.</summary>
    public const string HttpEndpointName = "http";

    /// <summary>The seeded Owner's API token (the product contract's users): webhooks are the Owner's alone.</summary>
    public const string OwnerToken = "dev-owner-token";

    /// <summary>The simulator's own default speed: one simulated minute per real second.</summary>
    public const double DefaultClockSpeed = 60;

    private EndpointReference? _httpEndpoint;

    /// <summary>The endpoint that serves the UI and the API.</summary>
    public EndpointReference HttpEndpoint => _httpEndpoint ??= new(this, HttpEndpointName);

    /// <summary>Simulated seconds per real second at start, and what "Resume clock" sets again.</summary>
    public double ClockSpeed { get; internal set; } = DefaultClockSpeed;
}
