using System.Globalization;
using System.Reflection;
using Aspire.Hosting.ApplicationModel;
using InstinctiveNotes.WebhookSimulator.Hosting;
using Microsoft.Extensions.DependencyInjection;

// Aspire.Hosting, as Aspire's own and the community's integrations do: the app host needs no using.
namespace Aspire.Hosting;

/// <summary>
/// Adds the Instinctive Notes webhook simulator to an Aspire app host and wires it to the receiver you are writing:
/// <code>
/// var receiver = builder.AddProject&lt;Projects.MyReceiver&gt;("receiver");
/// builder.AddInstinctiveNotesSimulator("insim").WithReceiver(receiver, "/webhooks").WithClockSpeed(3600);
/// </code>
/// </summary>
public static class InstinctiveNotesSimulatorBuilderExtensions
{
    /// <summary>The settings the integration passes, as environment (the simulator's <c>Simulator__Key__Sub</c> keys).</summary>
    public const string StorageProviderVariable = "Simulator__Storage__Provider";
    public const string ClockSpeedVariable = "Simulator__Clock__Speed";
    public const string SmtpHostVariable = "Simulator__Smtp__Host";
    public const string SmtpPortVariable = "Simulator__Smtp__Port";

    /// <summary>
    /// The simulator run as the <c>insim</c> .NET tool (<c>insim serve</c>, the tool installed on the PATH:
    /// <c>dotnet tool install -g InstinctiveNotes.WebhookSimulator</c>). No container engine is needed.
    /// </summary>
    public static IResourceBuilder<InstinctiveNotesSimulatorResource> AddInstinctiveNotesSimulator(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var simulator = new InstinctiveNotesSimulatorResource(name, "insim", builder.AppHostDirectory);
        return builder.AddSimulator(simulator)
            .WithArgs(context =>
            {
                context.Args.Add("serve");
                context.Args.Add("--urls");
                context.Args.Add(ListenUrl(simulator));
            });
    }

    /// <summary>
    /// The simulator run from its project (<c>src/Simulator.Web</c> of a clone, referenced by the app host), the way
    /// Aspire runs a project: <c>dotnet run --no-build</c> in the app host's build configuration, no launch profile.
    /// </summary>
    public static IResourceBuilder<InstinctiveNotesSimulatorResource> AddInstinctiveNotesSimulator<TProject>(this IDistributedApplicationBuilder builder, [ResourceName] string name)
        where TProject : IProjectMetadata, new()
    {
        ArgumentNullException.ThrowIfNull(builder);
        var project = new TProject();
        var directory = Path.GetDirectoryName(project.ProjectPath)
            ?? throw new ArgumentException($"The project path '{project.ProjectPath}' has no directory.", nameof(TProject));
        // the app host was built in this configuration, and built the referenced project with it
        var configuration = typeof(TProject).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration;
        var simulator = new InstinctiveNotesSimulatorResource(name, "dotnet", directory);
        return builder.AddSimulator(simulator)
            .WithArgs(RunArguments(project, configuration))
            // run from build output, the UI's static assets are served in Development only
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Development")
            .WithEnvironment("ASPNETCORE_URLS", ListenUrl(simulator));
    }

    /// <summary>
    /// Registers <paramref name="receiver"/>'s endpoint URL followed by <paramref name="path"/> as an active webhook
    /// endpoint once the simulator is healthy (the account on Premium, the endpoint created and activated, through
    /// the REST API), subscribed to <paramref name="enabledEvents"/> (default: both SOAP note events).
    /// Resources that <c>WaitFor</c> the simulator start after the registration.
    /// </summary>
    public static IResourceBuilder<InstinctiveNotesSimulatorResource> WithReceiver(
        this IResourceBuilder<InstinctiveNotesSimulatorResource> builder,
        IResourceBuilder<IResourceWithEndpoints> receiver,
        string path = "/webhooks",
        string endpointName = "http",
        string contactEmail = "dev@example.com",
        IEnumerable<string>? enabledEvents = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentException.ThrowIfNullOrWhiteSpace(contactEmail);
        var events = (enabledEvents ?? SimulatorReceiverAnnotation.AllEventTypes).ToList();
        if (events.Count == 0)
        {
            throw new ArgumentException("Subscribe the endpoint to at least one event type.", nameof(enabledEvents));
        }
        var normalizedPath = string.IsNullOrEmpty(path) ? "/" : path.StartsWith('/') ? path : "/" + path;
        return builder
            .WithAnnotation(new SimulatorReceiverAnnotation(receiver.GetEndpoint(endpointName), normalizedPath, events, contactEmail))
            .WithRelationship(receiver.Resource, "Receiver");
    }

    /// <summary>Simulated seconds per real second at start (<c>Clock:Speed</c>): 0 (paused) or from 0.001 to 1,000,000.</summary>
    public static IResourceBuilder<InstinctiveNotesSimulatorResource> WithClockSpeed(this IResourceBuilder<InstinctiveNotesSimulatorResource> builder, double speed)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!(speed == 0 || speed is >= 0.001 and <= 1_000_000))
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "The clock speed is 0 (paused) or from 0.001 to 1,000,000 simulated seconds per real second.");
        }
        builder.Resource.ClockSpeed = speed;
        return builder;
    }

    /// <summary>
    /// Turns the fault lab on for every endpoint <see cref="WithReceiver"/> registers: the share (0 to 1) of deliveries
    /// sent again after success, sent twice at once, and held back so later events overtake them; the same
    /// <paramref name="seed"/> gives the same faults.
    /// </summary>
    public static IResourceBuilder<InstinctiveNotesSimulatorResource> WithFaults(
        this IResourceBuilder<InstinctiveNotesSimulatorResource> builder,
        double duplicateRate = 0,
        double concurrentDuplicateRate = 0,
        double reorderRate = 0,
        int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        RequireRate(duplicateRate, nameof(duplicateRate));
        RequireRate(concurrentDuplicateRate, nameof(concurrentDuplicateRate));
        RequireRate(reorderRate, nameof(reorderRate));
        return builder.WithAnnotation(new SimulatorFaultsAnnotation(duplicateRate, concurrentDuplicateRate, reorderRate, seed), ResourceAnnotationMutationBehavior.Replace);
    }

    /// <summary>
    /// Sends the failure e-mails to a mail catcher in the app model (e.g. smtp4dev or MailPit): its
    /// <paramref name="endpointName"/> endpoint's host and port become <c>Smtp:Host</c> and <c>Smtp:Port</c>.
    /// </summary>
    public static IResourceBuilder<InstinctiveNotesSimulatorResource> WithMailCatcher(
        this IResourceBuilder<InstinctiveNotesSimulatorResource> builder,
        IResourceBuilder<IResourceWithEndpoints> mailCatcher,
        string endpointName = "smtp")
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(mailCatcher);
        var smtp = mailCatcher.GetEndpoint(endpointName);
        return builder
            .WithEnvironment(SmtpHostVariable, smtp.Property(EndpointProperty.Host))
            .WithEnvironment(SmtpPortVariable, smtp.Property(EndpointProperty.Port))
            .WithRelationship(mailCatcher.Resource, "MailCatcher");
    }

    /// <summary>Sends the failure e-mails to an SMTP server outside the app model.</summary>
    public static IResourceBuilder<InstinctiveNotesSimulatorResource> WithSmtpServer(this IResourceBuilder<InstinctiveNotesSimulatorResource> builder, string host, int port = 25)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        return builder
            .WithEnvironment(SmtpHostVariable, host)
            .WithEnvironment(SmtpPortVariable, port.ToString(CultureInfo.InvariantCulture));
    }

    private static IResourceBuilder<InstinctiveNotesSimulatorResource> AddSimulator(this IDistributedApplicationBuilder builder, InstinctiveNotesSimulatorResource simulator)
    {
        // its requests are the integration's own plumbing: logged to the simulator's console by the callers, not per request
        builder.Services.AddHttpClient(SimulatorHttp.ClientName, http => http.Timeout = TimeSpan.FromMinutes(5)).RemoveAllLoggers();
        return builder.AddResource(simulator)
            .WithHttpEndpoint(name: InstinctiveNotesSimulatorResource.HttpEndpointName)
            .WithHttpHealthCheck("/healthz", endpointName: InstinctiveNotesSimulatorResource.HttpEndpointName)
            .WithOtlpExporter()
            // a throwaway store for each run of the app host: endpoints are registered afresh at every start
            .WithEnvironment(StorageProviderVariable, "InMemory")
            .WithEnvironment(context => context.EnvironmentVariables[ClockSpeedVariable] = simulator.ClockSpeed.ToString(CultureInfo.InvariantCulture))
            .WithSimulatorCommands()
            .OnResourceReady((resource, ready, ct) => ReceiverRegistration.RegisterReceiversAsync(resource, ready.Services, ct));
    }

    private static ReferenceExpression ListenUrl(InstinctiveNotesSimulatorResource simulator) =>
        ReferenceExpression.Create($"http://localhost:{simulator.HttpEndpoint.Property(EndpointProperty.TargetPort)}");

    private static string[] RunArguments(IProjectMetadata project, string? configuration)
    {
        List<string> args = ["run", "--project", project.ProjectPath];
        if (project.SuppressBuild && !string.IsNullOrEmpty(configuration))
        {
            args.AddRange(["--no-build", "--configuration", configuration]);
        }
        args.Add("--no-launch-profile");
        return [.. args];
    }

    private static void RequireRate(double rate, string name)
    {
        if (double.IsNaN(rate) || rate is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(name, rate, "A fault rate is from 0 (never) to 1 (every delivery).");
        }
    }
}
