using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using InstinctiveNotes.WebhookSimulator.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Simulator.Hosting.Tests;

/// <summary>
/// The done-when of issue 28: the example app host, started by Aspire.Hosting.Testing, registers the receiver with the
/// simulator; a note raised through the simulator reaches the receiver; the dashboard's "Advance 1 h" moves the clock.
/// </summary>
public class SimulatorAppHostTests(SimulatorAppHostFixture appHost) : IClassFixture<SimulatorAppHostFixture>
{
    [Fact]
    public async Task The_receiver_is_registered_as_an_active_endpoint_once_the_simulator_is_healthy()
    {
        using var simulator = SimulatorClient();

        var endpoints = await simulator.GetFromJsonAsync<JsonElement>("/api/webhook-endpoints");
        var account = await simulator.GetFromJsonAsync<JsonElement>("/api/account");

        var endpoint = Assert.Single(endpoints.EnumerateArray());
        Assert.Equal("active", endpoint.GetProperty("status").GetString());
        Assert.Equal(ReceiverUrl("/webhooks"), endpoint.GetProperty("url").GetString());
        Assert.Equal(["soap_note.created", "soap_note.updated"], endpoint.GetProperty("enabled_events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("Premium", account.GetProperty("plan").GetString());
    }

    [Fact]
    public async Task A_note_raised_through_the_simulator_reaches_the_receiver()
    {
        using var simulator = SimulatorClient();
        using var receiver = appHost.App.CreateHttpClient("receiver");

        using var created = await simulator.PostAsJsonAsync("/api/soap-notes", new { });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var note = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = note.GetProperty("id").GetInt64();

        var keptNote = await KeptByReceiverAsync(simulator, receiver, id);
        Assert.Equal("soap_note.created", keptNote.GetProperty("lastEventType").GetString());
        using var body = JsonDocument.Parse(keptNote.GetProperty("json").GetString()!);
        Assert.Equal(note.GetProperty("name").GetString(), body.RootElement.GetProperty("name").GetString());
        Assert.Equal(note.GetProperty("updated_at").GetString(), body.RootElement.GetProperty("updated_at").GetString());
    }

    [Fact]
    public async Task Advance_1_h_from_the_dashboard_moves_the_simulated_clock_an_hour()
    {
        using var simulator = SimulatorClient();
        var commands = appHost.App.Services.GetRequiredService<ResourceCommandService>();

        // paused, the clock moves only by the command: the hour is exact
        var paused = await commands.ExecuteCommandAsync("insim", InstinctiveNotesSimulatorCommands.PauseClock);
        Assert.True(paused.Success, paused.Message);
        var before = await simulator.GetFromJsonAsync<JsonElement>("/api/clock");
        var advanced = await commands.ExecuteCommandAsync("insim", InstinctiveNotesSimulatorCommands.AdvanceOneHour);
        var after = await simulator.GetFromJsonAsync<JsonElement>("/api/clock");
        var resumed = await commands.ExecuteCommandAsync("insim", InstinctiveNotesSimulatorCommands.ResumeClock);

        Assert.True(before.GetProperty("paused").GetBoolean());
        Assert.True(advanced.Success, advanced.Message);
        Assert.Equal(TimeSpan.FromHours(1), after.GetProperty("now").GetDateTimeOffset() - before.GetProperty("now").GetDateTimeOffset());
        Assert.StartsWith($"Simulated now {after.GetProperty("now").GetString()}", advanced.Message, StringComparison.Ordinal);
        Assert.True(resumed.Success, resumed.Message);
        var running = await simulator.GetFromJsonAsync<JsonElement>("/api/clock");
        Assert.Equal(3600, running.GetProperty("speed").GetDouble());
    }

    /// <summary>
    /// The note as the receiver kept it. An advance returns once the work that fell due has run, the first attempt
    /// included; a few one-second advances, not a sleep, cover a first attempt scheduled just after the note's answer.
    /// </summary>
    private static async Task<JsonElement> KeptByReceiverAsync(HttpClient simulator, HttpClient receiver, long id)
    {
        for (var advance = 0; advance < 10; advance++)
        {
            using var advanced = await simulator.PostAsJsonAsync("/api/clock/advance", new { seconds = 1 });
            advanced.EnsureSuccessStatusCode();
            using var kept = await receiver.GetAsync($"/notes/{id}");
            if (kept.StatusCode == HttpStatusCode.OK)
            {
                return await kept.Content.ReadFromJsonAsync<JsonElement>();
            }
            Assert.Equal(HttpStatusCode.NotFound, kept.StatusCode);
        }
        var deliveries = await simulator.GetStringAsync("/api/deliveries");
        Assert.Fail($"The receiver never kept note {id}; the simulator's deliveries: {deliveries}");
        return default;
    }

    private HttpClient SimulatorClient()
    {
        var client = appHost.App.CreateHttpClient("insim");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", InstinctiveNotesSimulatorResource.OwnerToken);
        return client;
    }

    private string ReceiverUrl(string path) => appHost.App.GetEndpoint("receiver", "http").ToString().TrimEnd('/') + path;
}
