using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using InstinctiveNotes.WebhookSimulator.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Simulator.Hosting.Tests;

/// <summary>
/// The dashboard commands and the receiver registration, run against the real simulator in process: the app model is
/// built but no orchestrator starts; the simulator's endpoint (and the receiver's, the simulator's own demo receiver)
/// is allocated at the in-process simulator's port.
/// </summary>
public sealed class SimulatorCommandTests : IDisposable
{
    private readonly InProcessSimulator _simulator = new();
    private readonly HttpClient _api;

    public SimulatorCommandTests() => _api = _simulator.Api();

    public void Dispose()
    {
        _api.Dispose();
        _simulator.Dispose();
    }

    [Fact]
    public async Task Registration_puts_the_account_on_Premium_and_activates_an_endpoint_for_the_receiver_with_its_faults()
    {
        using var model = Model("/demo-receiver/ok", simulator => simulator.WithFaults(duplicateRate: 0.5, reorderRate: 0.25, seed: 9));
        Assert.Equal("Standard", (await Get("/api/account")).GetProperty("plan").GetString());

        await model.RegisterReceiversAsync();

        Assert.Equal("Premium", (await Get("/api/account")).GetProperty("plan").GetString());
        var endpoint = Assert.Single((await Get("/api/webhook-endpoints")).EnumerateArray());
        Assert.Equal("active", endpoint.GetProperty("status").GetString());
        Assert.Equal(DemoReceiverUrl("/demo-receiver/ok"), endpoint.GetProperty("url").GetString());
        Assert.Equal("Aspire resource 'receiver'", endpoint.GetProperty("description").GetString());
        Assert.Equal(["soap_note.created", "soap_note.updated"], endpoint.GetProperty("enabled_events").EnumerateArray().Select(e => e.GetString()));
        var faults = await Get($"/api/webhook-endpoints/{endpoint.GetProperty("id").GetInt32()}/faults");
        Assert.Equal(0.5, faults.GetProperty("duplicate_rate").GetDouble());
        Assert.Equal(0, faults.GetProperty("concurrent_duplicate_rate").GetDouble());
        Assert.Equal(0.25, faults.GetProperty("reorder_rate").GetDouble());
        Assert.Equal(9, faults.GetProperty("seed").GetInt32());
    }

    [Fact]
    public async Task Registering_again_reuses_the_endpoint_with_the_receivers_url_and_activates_it()
    {
        using var model = Model("/demo-receiver/ok");
        await model.RegisterReceiversAsync();
        var first = Assert.Single((await Get("/api/webhook-endpoints")).EnumerateArray()).GetProperty("id").GetInt32();
        (await _api.PostAsync($"/api/webhook-endpoints/{first}/deactivate", null)).EnsureSuccessStatusCode();

        await model.RegisterReceiversAsync();

        var endpoint = Assert.Single((await Get("/api/webhook-endpoints")).EnumerateArray());
        Assert.Equal(first, endpoint.GetProperty("id").GetInt32());
        Assert.Equal("active", endpoint.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Advance_1_h_moves_the_clock_an_hour()
    {
        using var model = Model("/demo-receiver/ok");
        var before = await Clock();

        var result = await model.ExecuteAsync(InstinctiveNotesSimulatorCommands.AdvanceOneHour);

        Assert.True(result.Success, result.Message);
        Assert.Equal(before.Now.AddHours(1), (await Clock()).Now);
    }

    [Fact]
    public async Task Advance_to_next_attempt_runs_the_retry_that_waits()
    {
        using var model = Model("/demo-receiver/fail");
        await model.RegisterReceiversAsync();
        (await _api.PostAsJsonAsync("/api/soap-notes", new { })).EnsureSuccessStatusCode();
        await AdvanceUntilFirstAttemptFailedAsync();
        var waiting = await Clock();
        Assert.NotNull(waiting.NextAttemptAt);

        var result = await model.ExecuteAsync(InstinctiveNotesSimulatorCommands.AdvanceToNextAttempt);

        Assert.True(result.Success, result.Message);
        var after = await Clock();
        Assert.InRange(after.Now, waiting.NextAttemptAt.Value, waiting.NextAttemptAt.Value.AddSeconds(1));
        Assert.Equal(2, (await Delivery()).GetProperty("attempt_count").GetInt32());
    }

    [Fact]
    public async Task Advance_to_next_attempt_with_no_attempt_waiting_fails_and_leaves_the_clock()
    {
        using var model = Model("/demo-receiver/ok");
        var before = await Clock();

        var result = await model.ExecuteAsync(InstinctiveNotesSimulatorCommands.AdvanceToNextAttempt);

        Assert.False(result.Success);
        Assert.StartsWith("No attempt is scheduled", result.Message, StringComparison.Ordinal);
        Assert.Equal(before.Now, (await Clock()).Now);
    }

    [Fact]
    public async Task Pause_stops_the_clock_and_resume_runs_it_at_the_speed_given()
    {
        using var model = Model("/demo-receiver/ok", simulator => simulator.WithClockSpeed(120));
        (await _api.PutAsJsonAsync("/api/clock", new { speed = 30 })).EnsureSuccessStatusCode();

        var paused = await model.ExecuteAsync(InstinctiveNotesSimulatorCommands.PauseClock);
        var whilePaused = await Clock();
        var resumed = await model.ExecuteAsync(InstinctiveNotesSimulatorCommands.ResumeClock);
        var afterResume = await Clock();

        Assert.True(paused.Success, paused.Message);
        Assert.True(whilePaused.Paused);
        Assert.True(resumed.Success, resumed.Message);
        Assert.False(afterResume.Paused);
        Assert.Equal(120, afterResume.Speed);
    }

    [Fact]
    public async Task The_receiver_check_of_a_receiver_that_answers_200_passes_with_its_report()
    {
        using var model = Model("/demo-receiver/ok");

        var result = await model.ExecuteAsync(InstinctiveNotesSimulatorCommands.RunReceiverCheck);

        Assert.True(result.Success, result.Message);
        Assert.StartsWith($"{DemoReceiverUrl("/demo-receiver/ok")}: passed", result.Message, StringComparison.Ordinal);
        using var reports = JsonDocument.Parse(result.Data!.Value);
        var report = Assert.Single(reports.RootElement.EnumerateArray());
        Assert.Equal("passed", report.GetProperty("status").GetString());
        Assert.Contains(report.GetProperty("cases").EnumerateArray(), c => c.GetProperty("name").GetString() == "accepts_concurrent_duplicate");
    }

    [Fact]
    public async Task The_receiver_check_of_a_failing_receiver_fails_naming_the_cases()
    {
        using var model = Model("/demo-receiver/fail");

        var result = await model.ExecuteAsync(InstinctiveNotesSimulatorCommands.RunReceiverCheck);

        Assert.False(result.Success);
        Assert.StartsWith($"{DemoReceiverUrl("/demo-receiver/fail")}: failed", result.Message, StringComparison.Ordinal);
        Assert.Contains("accepts_created", result.Message, StringComparison.Ordinal);
        Assert.Contains("accepts_updated", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_before_the_simulator_has_an_address_fails_with_a_message()
    {
        var builder = DistributedApplication.CreateBuilder();
        var simulator = builder.AddInstinctiveNotesSimulator("insim");
        using var app = builder.Build();

        var result = await new AppModel(app, simulator.Resource).ExecuteAsync(InstinctiveNotesSimulatorCommands.AdvanceOneHour);

        Assert.False(result.Success);
        Assert.Contains("has no address yet", result.Message, StringComparison.Ordinal);
    }

    /// <summary>One-second advances (each returns once the work that fell due has run) until the first attempt failed.</summary>
    private async Task AdvanceUntilFirstAttemptFailedAsync()
    {
        for (var advance = 0; advance < 10; advance++)
        {
            (await _api.PostAsJsonAsync("/api/clock/advance", new { seconds = 1 })).EnsureSuccessStatusCode();
            if ((await Get("/api/deliveries")).EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } delivery
                && delivery.GetProperty("attempt_count").GetInt32() > 0)
            {
                Assert.Equal(1, delivery.GetProperty("attempt_count").GetInt32());
                return;
            }
        }
        Assert.Fail("The first attempt never ran.");
    }

    private AppModel Model(string receiverPath, Action<IResourceBuilder<InstinctiveNotesSimulatorResource>>? configure = null)
    {
        var builder = DistributedApplication.CreateBuilder();
        var receiver = builder.AddExecutable("receiver", "receiver", ".").WithHttpEndpoint();
        var simulator = builder.AddInstinctiveNotesSimulator("insim").WithReceiver(receiver, receiverPath);
        configure?.Invoke(simulator);
        AllocateAtSimulator(simulator.Resource);
        AllocateAtSimulator(receiver.Resource);
        return new AppModel(builder.Build(), simulator.Resource);
    }

    private void AllocateAtSimulator(IResourceWithEndpoints resource)
    {
        var endpoint = resource.Annotations.OfType<EndpointAnnotation>().Single();
        endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint, "127.0.0.1", _simulator.Port);
    }

    private string DemoReceiverUrl(string path) => $"http://127.0.0.1:{_simulator.Port}{path}";

    private async Task<JsonElement> Get(string path) => await _api.GetFromJsonAsync<JsonElement>(path);

    private async Task<ClockState> Clock() => (await _api.GetFromJsonAsync<ClockState>("/api/clock", SnakeCase))!;

    private async Task<JsonElement> Delivery() => Assert.Single((await Get("/api/deliveries")).EnumerateArray());

    private static readonly JsonSerializerOptions SnakeCase = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private sealed record ClockState(DateTimeOffset Now, double Speed, bool Paused, DateTimeOffset? NextAttemptAt);

    /// <summary>A built (never started) app host: its services, and the simulator's commands and registration.</summary>
    private sealed class AppModel(DistributedApplication app, InstinctiveNotesSimulatorResource simulator) : IDisposable
    {
        public Task RegisterReceiversAsync() => ReceiverRegistration.RegisterReceiversAsync(simulator, app.Services, CancellationToken.None);

        public Task<ExecuteCommandResult> ExecuteAsync(string command) =>
            simulator.Annotations.OfType<ResourceCommandAnnotation>().Single(c => c.Name == command).ExecuteCommand(new ExecuteCommandContext
            {
                Services = app.Services,
                ResourceName = simulator.Name,
                CancellationToken = CancellationToken.None,
                Logger = NullLogger.Instance,
                Arguments = new InteractionInputCollection([]),
            });

        public void Dispose() => app.Dispose();
    }
}
