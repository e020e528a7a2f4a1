using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using InstinctiveNotes.WebhookSimulator.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Simulator.Hosting.Tests;

/// <summary>The integration's resource model: what the app host would run, with no orchestrator started.</summary>
public class SimulatorResourceModelTests
{
    private const int ProxyPort = 18_500;
    private const int ListenPort = 18_501;

    [Fact]
    public async Task The_tool_runs_insim_serve_on_the_endpoints_target_port()
    {
        var builder = DistributedApplication.CreateBuilder();

        var simulator = builder.AddInstinctiveNotesSimulator("insim").Resource;
        Allocate(simulator);

        Assert.Equal("insim", simulator.Command);
        var args = (await ResolveAsync(builder, simulator)).Arguments;
        Assert.Equal(["serve", "--urls", $"http://localhost:{ListenPort}"], args);
    }

    [Fact]
    public async Task The_project_runs_from_its_build_in_development_on_the_endpoints_target_port()
    {
        var builder = DistributedApplication.CreateBuilder();

        var simulator = builder.AddInstinctiveNotesSimulator<Projects.Simulator_Web>("insim").Resource;
        Allocate(simulator);

        var projectPath = new Projects.Simulator_Web().ProjectPath;
        Assert.Equal("dotnet", simulator.Command);
        Assert.Equal(Path.GetDirectoryName(projectPath), simulator.WorkingDirectory);
        var (args, environment) = await ResolveAsync(builder, simulator);
        Assert.Equal(["run", "--project", projectPath, "--no-build", "--configuration", BuildConfiguration, "--no-launch-profile"], args);
        Assert.Equal($"http://localhost:{ListenPort}", environment["ASPNETCORE_URLS"]);
        Assert.Equal("Development", environment["ASPNETCORE_ENVIRONMENT"]);
    }

    [Fact]
    public async Task The_simulator_gets_an_in_memory_store_the_default_speed_and_the_OTLP_variables()
    {
        var builder = DistributedApplication.CreateBuilder();

        var simulator = builder.AddInstinctiveNotesSimulator<Projects.Simulator_Web>("insim").Resource;
        Allocate(simulator);

        var environment = (await ResolveAsync(builder, simulator)).Environment;
        Assert.Equal("InMemory", environment["Simulator__Storage__Provider"]);
        Assert.Equal("60", environment["Simulator__Clock__Speed"]);
        // the service name is filled in by the orchestrator (the resource's name); the dashboard's address by the app host
        Assert.Contains("OTEL_SERVICE_NAME", environment.Keys);
        Assert.Contains("OTEL_EXPORTER_OTLP_ENDPOINT", environment.Keys);
        Assert.Contains("OTEL_EXPORTER_OTLP_PROTOCOL", environment.Keys);
    }

    [Fact]
    public async Task WithClockSpeed_sets_the_speed_at_start_and_what_resume_restores()
    {
        var builder = DistributedApplication.CreateBuilder();

        var simulator = builder.AddInstinctiveNotesSimulator("insim").WithClockSpeed(3600).Resource;
        Allocate(simulator);

        Assert.Equal(3600, simulator.ClockSpeed);
        var environment = (await ResolveAsync(builder, simulator)).Environment;
        Assert.Equal("3600", environment["Simulator__Clock__Speed"]);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0.0001)]
    [InlineData(2_000_000)]
    [InlineData(double.NaN)]
    public void WithClockSpeed_refuses_a_speed_the_simulator_would_refuse(double speed)
    {
        var builder = DistributedApplication.CreateBuilder();
        var simulator = builder.AddInstinctiveNotesSimulator("insim");

        var refusal = Assert.Throws<ArgumentOutOfRangeException>(() => simulator.WithClockSpeed(speed));

        Assert.Equal("speed", refusal.ParamName);
        Assert.Equal(InstinctiveNotesSimulatorResource.DefaultClockSpeed, simulator.Resource.ClockSpeed);
    }

    [Fact]
    public void The_simulator_serves_http_and_is_healthy_by_its_healthz()
    {
        var builder = DistributedApplication.CreateBuilder();

        var simulator = builder.AddInstinctiveNotesSimulator("insim").Resource;

        var endpoint = Assert.Single(simulator.Annotations.OfType<EndpointAnnotation>());
        Assert.Equal("http", endpoint.Name);
        Assert.Equal("http", endpoint.UriScheme);
        var health = Assert.Single(simulator.Annotations.OfType<HealthCheckAnnotation>());
        Assert.Contains(health.Key, HealthCheckKeys(builder));
    }

    [Fact]
    public void The_dashboard_commands_are_there_by_name()
    {
        var builder = DistributedApplication.CreateBuilder();

        var simulator = builder.AddInstinctiveNotesSimulator("insim").Resource;

        var commands = simulator.Annotations.OfType<ResourceCommandAnnotation>().ToDictionary(c => c.Name, c => c.DisplayName);
        Assert.Equal("Advance 1 h", commands[InstinctiveNotesSimulatorCommands.AdvanceOneHour]);
        Assert.Equal("Advance to next attempt", commands[InstinctiveNotesSimulatorCommands.AdvanceToNextAttempt]);
        Assert.Equal("Run receiver check", commands[InstinctiveNotesSimulatorCommands.RunReceiverCheck]);
        Assert.Equal("Pause clock", commands[InstinctiveNotesSimulatorCommands.PauseClock]);
        Assert.Equal("Resume clock", commands[InstinctiveNotesSimulatorCommands.ResumeClock]);
    }

    [Theory]
    [InlineData("Running", true)]
    [InlineData("RuntimeUnhealthy", true)]
    [InlineData("Starting", false)]
    [InlineData("Exited", false)]
    [InlineData("FailedToStart", false)]
    public void The_clock_commands_are_enabled_only_while_the_simulator_runs(string state, bool enabled)
    {
        var builder = DistributedApplication.CreateBuilder();
        var simulator = builder.AddInstinctiveNotesSimulator("insim").Resource;
        var advance = Command(simulator, InstinctiveNotesSimulatorCommands.AdvanceOneHour);

        var commandState = advance.UpdateState(StateContext(builder, state));

        Assert.Equal(enabled ? ResourceCommandState.Enabled : ResourceCommandState.Disabled, commandState);
    }

    [Fact]
    public void The_receiver_check_is_enabled_once_there_is_a_receiver_to_check()
    {
        var builder = DistributedApplication.CreateBuilder();
        var simulator = builder.AddInstinctiveNotesSimulator("insim");
        var check = Command(simulator.Resource, InstinctiveNotesSimulatorCommands.RunReceiverCheck);
        Assert.Equal(ResourceCommandState.Disabled, check.UpdateState(StateContext(builder, "Running")));

        simulator.WithReceiver(builder.AddExecutable("receiver", "receiver", ".").WithHttpEndpoint(), "/webhooks");

        Assert.Equal(ResourceCommandState.Enabled, check.UpdateState(StateContext(builder, "Running")));
    }

    [Fact]
    public async Task WithReceiver_records_the_receivers_webhook_url_and_the_relationship()
    {
        var builder = DistributedApplication.CreateBuilder();
        var receiver = builder.AddExecutable("receiver", "receiver", ".").WithHttpEndpoint();

        var simulator = builder.AddInstinctiveNotesSimulator("insim").WithReceiver(receiver, "webhooks", contactEmail: "team@example.com").Resource;
        Allocate(receiver.Resource, 19_000, 19_001);

        var registration = Assert.Single(simulator.Annotations.OfType<SimulatorReceiverAnnotation>());
        Assert.Equal("http://localhost:19000/webhooks", await registration.GetUrlAsync(CancellationToken.None));
        Assert.Equal(["soap_note.created", "soap_note.updated"], registration.EnabledEvents);
        Assert.Equal("team@example.com", registration.ContactEmail);
        Assert.Equal("Aspire resource 'receiver'", registration.Description);
        var relationship = Assert.Single(simulator.Annotations.OfType<ResourceRelationshipAnnotation>(), r => r.Type == "Receiver");
        Assert.Same(receiver.Resource, relationship.Resource);
    }

    [Fact]
    public void WithReceiver_refuses_an_endpoint_with_no_event_to_receive()
    {
        var builder = DistributedApplication.CreateBuilder();
        var receiver = builder.AddExecutable("receiver", "receiver", ".").WithHttpEndpoint();
        var simulator = builder.AddInstinctiveNotesSimulator("insim");

        var refusal = Assert.Throws<ArgumentException>(() => simulator.WithReceiver(receiver, "/webhooks", enabledEvents: []));

        Assert.Equal("enabledEvents", refusal.ParamName);
        Assert.Empty(simulator.Resource.Annotations.OfType<SimulatorReceiverAnnotation>());
    }

    [Fact]
    public void WithFaults_keeps_the_last_settings_given()
    {
        var builder = DistributedApplication.CreateBuilder();

        var simulator = builder.AddInstinctiveNotesSimulator("insim")
            .WithFaults(duplicateRate: 0.5)
            .WithFaults(concurrentDuplicateRate: 0.25, reorderRate: 1, seed: 7).Resource;

        var faults = Assert.Single(simulator.Annotations.OfType<SimulatorFaultsAnnotation>());
        Assert.Equal(new SimulatorFaultsAnnotation(0, 0.25, 1, 7), faults);
    }

    [Theory]
    [InlineData(-0.1, 0, 0, "duplicateRate")]
    [InlineData(0, 1.5, 0, "concurrentDuplicateRate")]
    [InlineData(0, 0, double.NaN, "reorderRate")]
    public void WithFaults_refuses_a_rate_outside_0_to_1(double duplicate, double concurrent, double reorder, string field)
    {
        var builder = DistributedApplication.CreateBuilder();
        var simulator = builder.AddInstinctiveNotesSimulator("insim");

        var refusal = Assert.Throws<ArgumentOutOfRangeException>(() => simulator.WithFaults(duplicate, concurrent, reorder));

        Assert.Equal(field, refusal.ParamName);
        Assert.Empty(simulator.Resource.Annotations.OfType<SimulatorFaultsAnnotation>());
    }

    [Fact]
    public async Task WithMailCatcher_points_the_simulators_smtp_at_the_catchers_smtp_endpoint()
    {
        var builder = DistributedApplication.CreateBuilder();
        var mail = builder.AddExecutable("mail", "smtp4dev", ".").WithEndpoint(name: "smtp", scheme: "tcp");

        var simulator = builder.AddInstinctiveNotesSimulator("insim").WithMailCatcher(mail).Resource;
        Allocate(simulator);
        Allocate(mail.Resource, 2525, 2526);

        var environment = (await ResolveAsync(builder, simulator)).Environment;
        Assert.Equal("localhost", environment["Simulator__Smtp__Host"]);
        Assert.Equal("2525", environment["Simulator__Smtp__Port"]);
        Assert.Contains(simulator.Annotations.OfType<ResourceRelationshipAnnotation>(), r => r.Type == "MailCatcher" && r.Resource == mail.Resource);
    }

    [Fact]
    public async Task WithSmtpServer_sets_the_host_and_port()
    {
        var builder = DistributedApplication.CreateBuilder();

        var simulator = builder.AddInstinctiveNotesSimulator("insim").WithSmtpServer("mail.example.test", 2525).Resource;
        Allocate(simulator);

        var environment = (await ResolveAsync(builder, simulator)).Environment;
        Assert.Equal("mail.example.test", environment["Simulator__Smtp__Host"]);
        Assert.Equal("2525", environment["Simulator__Smtp__Port"]);
    }

    private static string BuildConfiguration =>
        typeof(Projects.Simulator_Web).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
            .Cast<System.Reflection.AssemblyConfigurationAttribute>().Single().Configuration;

    private static void Allocate(IResourceWithEndpoints resource, int port = ProxyPort, int targetPort = ListenPort)
    {
        foreach (var endpoint in resource.Annotations.OfType<EndpointAnnotation>())
        {
            endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint, "localhost", port, targetPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static ResourceCommandAnnotation Command(InstinctiveNotesSimulatorResource resource, string name) =>
        resource.Annotations.OfType<ResourceCommandAnnotation>().Single(c => c.Name == name);

    private static UpdateCommandStateContext StateContext(IDistributedApplicationBuilder builder, string state) => new()
    {
        ResourceSnapshot = new CustomResourceSnapshot { ResourceType = "Executable", Properties = [], State = state },
        Services = new ServiceCollection().BuildServiceProvider(),
    };

    /// <summary>The arguments and environment the orchestrator would start the resource with.</summary>
    private static async Task<(string[] Arguments, IReadOnlyDictionary<string, string> Environment)> ResolveAsync(IDistributedApplicationBuilder builder, IResource resource)
    {
        using var app = builder.Build();
        var configuration = await ExecutionConfigurationBuilder.Create(resource).WithArgumentsConfig().WithEnvironmentVariablesConfig()
            .BuildAsync(builder.ExecutionContext, NullLogger.Instance, CancellationToken.None);
        Assert.Null(configuration.Exception);
        return (configuration.Arguments.Select(a => a.Value).ToArray(), configuration.EnvironmentVariables.ToDictionary());
    }

    private static List<string> HealthCheckKeys(IDistributedApplicationBuilder builder)
    {
        using var app = builder.Build();
        return app.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Select(r => r.Name).ToList();
    }
}
