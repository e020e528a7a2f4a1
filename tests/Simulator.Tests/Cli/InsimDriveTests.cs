using System.Net.Http.Json;
using System.Text.Json;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Cli;

/// <summary>
/// insim trigger, advance, deliveries and resend against a real simulator (in process, on a real loopback port):
/// the insim process drives it through the REST API, a real receiver gets the webhooks.
/// </summary>
public sealed class InsimDriveTests : IAsyncLifetime
{
    private readonly SimulatorAppFactory _app = new() { UseRealPort = true };
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("insim-drive-");
    private TestReceiver _receiver = null!;
    private HttpClient _api = null!;

    public async Task InitializeAsync()
    {
        _app.Settings["Account:Plan"] = "Premium";
        _app.Boot();
        _api = _app.CreateApiClient();
        _receiver = await TestReceiver.StartAsync();
    }

    private string[] Drive(params string[] arguments) => [.. arguments, "--simulator", _app.ServerAddress];

    [Fact]
    public async Task Trigger_created_saves_a_generated_note_and_reports_its_event_and_the_answered_delivery()
    {
        var endpoint = await RegisterAsync();

        var run = await InsimProcess.RunAsync(Drive("trigger", "soap_note.created"));

        Assert.True(run.ExitCode == 0, run.All);
        var note = (await _api.GetFromJsonAsync<JsonElement>("/api/soap-notes?limit=1")).EnumerateArray().Single();
        var id = note.GetProperty("id").GetInt32();
        Assert.Matches($@"^soap_note\.created: SOAP note {id} created, event \d+ raised\.", run.Output);
        Assert.Contains($"delivery 1 to endpoint {endpoint}: succeeded after 1 attempt (last answer 200)", run.Output, StringComparison.Ordinal);
        var received = Assert.Single(_receiver.Requests);
        Assert.Equal("soap_note.created", TypeOf(received));
    }

    [Fact]
    public async Task Trigger_takes_the_note_s_fields_from_a_file_and_updated_changes_the_note_it_names()
    {
        await RegisterAsync();
        var created = Path.Combine(_folder.FullName, "note.json");
        await File.WriteAllTextAsync(created, """{"name":"Knee rehab from a file","state":"final"}""");

        var create = await InsimProcess.RunAsync(Drive("trigger", "soap_note.created", "--note", created));

        Assert.True(create.ExitCode == 0, create.All);
        var note = (await _api.GetFromJsonAsync<JsonElement>("/api/soap-notes?limit=1")).EnumerateArray().Single();
        Assert.Equal("Knee rehab from a file", note.GetProperty("name").GetString());
        var id = note.GetProperty("id").GetInt32();
        var change = Path.Combine(_folder.FullName, "change.json");
        await File.WriteAllTextAsync(change, $$"""{"id":{{id}},"recommendations":"Rest the knee"}""");

        var update = await InsimProcess.RunAsync(Drive("trigger", "soap_note.updated", "--note", change));

        Assert.True(update.ExitCode == 0, update.All);
        Assert.StartsWith($"soap_note.updated: SOAP note {id} changed", update.Output, StringComparison.Ordinal);
        var changed = await _api.GetFromJsonAsync<JsonElement>($"/api/soap-notes/{id}");
        Assert.Equal("Rest the knee", changed.GetProperty("recommendations").GetString());
        await _receiver.WaitForRequestsAsync(2);
        Assert.Contains(_receiver.Requests, r => TypeOf(r) == "soap_note.updated");
    }

    [Fact]
    public async Task Trigger_updated_without_a_file_changes_the_newest_note()
    {
        var newest = (await _api.GetFromJsonAsync<JsonElement>("/api/soap-notes?limit=1")).EnumerateArray().Single().GetProperty("id").GetInt32();

        var run = await InsimProcess.RunAsync(Drive("trigger", "soap_note.updated"));

        Assert.True(run.ExitCode == 0, run.All);
        Assert.StartsWith($"soap_note.updated: SOAP note {newest} changed", run.Output, StringComparison.Ordinal);
        Assert.Contains("No active endpoint subscribes to it: nothing is sent.", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"seen_at":"0001-01-01T00:00:00Z"}""", "seen_at: ")]
    [InlineData("""["not", "an object"]""", "give a JSON object")]
    [InlineData("""{"name": """, "not JSON")]
    public async Task A_note_the_simulator_or_insim_refuses_exits_2_with_the_reason_and_saves_nothing(string file, string reason)
    {
        var path = Path.Combine(_folder.FullName, "bad.json");
        await File.WriteAllTextAsync(path, file);
        var before = (await _api.GetFromJsonAsync<JsonElement>("/api/soap-notes")).GetArrayLength();

        var run = await InsimProcess.RunAsync(Drive("trigger", "soap_note.created", "--note", path));

        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.All}");
        Assert.Contains(reason, run.Error, StringComparison.Ordinal);
        Assert.False(InsimProcess.HasStackTrace(run.All), run.All);
        Assert.Equal(before, (await _api.GetFromJsonAsync<JsonElement>("/api/soap-notes")).GetArrayLength());
    }

    [Fact]
    public async Task Advance_runs_12_hours_of_retries_and_deliveries_lists_the_failed_delivery_as_a_table_and_as_json()
    {
        _receiver.RespondWith(500, "not today");
        var endpoint = await RegisterAsync();
        Assert.Equal(0, (await InsimProcess.RunAsync(Drive("trigger", "soap_note.created"))).ExitCode);

        var advance = await InsimProcess.RunAsync(Drive("advance", "13h"));

        Assert.True(advance.ExitCode == 0, advance.All);
        Assert.Contains("Simulated time moved 13h ahead: it is now ", advance.Output, StringComparison.Ordinal);
        var table = await InsimProcess.RunAsync(Drive("deliveries", "--status", "failed"));
        Assert.True(table.ExitCode == 0, table.All);
        var row = table.Output.Split('\n').Single(l => l.Contains("soap_note", StringComparison.Ordinal));
        Assert.Matches($@"^1\s+1\s+soap_note\.created\s+{endpoint}\s+failed\s+{_receiver.Count}\s+500\s*$", row);
        Assert.Contains("1 delivery", table.Output, StringComparison.Ordinal);
        var json = await InsimProcess.RunAsync(Drive("deliveries", "--json"));
        Assert.True(json.ExitCode == 0, json.All);
        var delivery = JsonDocument.Parse(json.Output).RootElement.EnumerateArray().Single();
        Assert.Equal("failed", delivery.GetProperty("status").GetString());
        Assert.Equal(_receiver.Count, delivery.GetProperty("attempts").GetArrayLength());
        var pending = await InsimProcess.RunAsync(Drive("deliveries", "--status", "pending"));
        Assert.Contains("0 deliveries", pending.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("13")]
    [InlineData("0h")]
    [InlineData("-5h")]
    [InlineData("13 hours")]
    [InlineData("1y")]
    [InlineData("31d")]
    public async Task A_bad_duration_exits_2_names_the_form_and_leaves_the_clock_where_it_was(string duration)
    {
        var before = (await _api.GetFromJsonAsync<JsonElement>("/api/clock")).GetProperty("now").GetString();

        var run = await InsimProcess.RunAsync(Drive("advance", duration));

        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.All}");
        Assert.Contains(duration, run.Error, StringComparison.Ordinal);
        Assert.False(InsimProcess.HasStackTrace(run.All), run.All);
        Assert.Equal(before, (await _api.GetFromJsonAsync<JsonElement>("/api/clock")).GetProperty("now").GetString());
    }

    [Fact]
    public async Task Resend_sends_the_identical_bytes_again_and_an_unknown_delivery_exits_2()
    {
        await RegisterAsync();
        Assert.Equal(0, (await InsimProcess.RunAsync(Drive("trigger", "soap_note.created"))).ExitCode);
        await _receiver.WaitForRequestsAsync(1);

        var resend = await InsimProcess.RunAsync(Drive("resend", "1"));
        var unknown = await InsimProcess.RunAsync(Drive("resend", "999"));
        var notANumber = await InsimProcess.RunAsync(Drive("resend", "first"));

        Assert.True(resend.ExitCode == 0, resend.All);
        Assert.Contains("Sent again: delivery 1 to endpoint", resend.Output, StringComparison.Ordinal);
        Assert.Contains("after 2 attempts (last answer 200)", resend.Output, StringComparison.Ordinal);
        var bodies = _receiver.Requests.Select(r => r.Body).ToList();
        Assert.Equal(2, bodies.Count);
        Assert.Equal(bodies[0], bodies[1]);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("404", unknown.Error, StringComparison.Ordinal);
        Assert.Contains("Delivery 999 does not exist.", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(2, notANumber.ExitCode);
        Assert.False(InsimProcess.HasStackTrace(unknown.All + notANumber.All));
    }

    [Theory]
    [InlineData("nope", "401", "--token")]
    [InlineData("dev-practitioner-token", "403", "Owner")]
    public async Task A_token_the_simulator_refuses_exits_2_and_says_which_token_to_give(string token, string status, string advice)
    {
        var run = await InsimProcess.RunAsync(Drive("deliveries", "--token", token));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(status, run.Error, StringComparison.Ordinal);
        Assert.Contains(advice, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recover_refused_by_the_simulator_exits_2_with_its_answer()
    {
        // an endpoint that does not exist: 404 where recover is served, 405 from a simulator without the route
        var run = await InsimProcess.RunAsync(Drive("recover", "999", "--since", "2026-01-01T00:00:00Z"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("The simulator refused POST /api/webhook-endpoints/999/recover", run.Error, StringComparison.Ordinal);
        Assert.False(InsimProcess.HasStackTrace(run.All), run.All);
    }

    [Fact]
    public async Task Send_test_sends_the_documentation_s_example_and_a_complete_note_from_a_file_exactly_and_saves_neither()
    {
        var endpoint = await RegisterAsync();
        var notesBefore = (await _api.GetFromJsonAsync<JsonElement>("/api/soap-notes")).GetArrayLength();

        var fixture = await InsimProcess.RunAsync(Drive("send-test", $"{endpoint}", "--fixture", "reference_example"));

        Assert.True(fixture.ExitCode == 0, fixture.All);
        Assert.Matches($@"^soap_note\.created \(test\): delivery \d+ to endpoint {endpoint}: succeeded after 1 attempt \(last answer 200\)", fixture.Output);
        var example = ObjectOf(Assert.Single(_receiver.Requests));
        Assert.Equal(50, example["client_id"]!.GetValue<int>()); // the documentation's own values
        Assert.Equal("Simon Jones", example["created_by"]!.GetValue<string>());

        example["created_by"] = "Written in a file";
        var path = Path.Combine(_folder.FullName, "whole-note.json");
        await File.WriteAllTextAsync(path, example.ToJsonString());
        var fromFile = await InsimProcess.RunAsync(Drive("send-test", $"{endpoint}", "--event", "soap_note.updated", "--object", path));

        Assert.True(fromFile.ExitCode == 0, fromFile.All);
        await _receiver.WaitForRequestsAsync(2);
        var sent = _receiver.Requests.Last();
        Assert.Equal("soap_note.updated", TypeOf(sent));
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(example, ObjectOf(sent)), sent.Body);
        Assert.Equal(notesBefore, (await _api.GetFromJsonAsync<JsonElement>("/api/soap-notes")).GetArrayLength());
    }

    [Theory]
    [InlineData("""{"id": 1}""", "", "object.")] // a note missing its fields: the simulator names the first
    [InlineData(null, "--fixture=elsewhere", "reference_example")]
    [InlineData("""{"id": 1}""", "--fixture=reference_example", "give one of them, not both")]
    [InlineData(null, "--event=soap_note.deleted", "give soap_note.created or soap_note.updated")]
    public async Task A_test_send_refused_exits_2_with_the_reason_and_sends_nothing(string? file, string option, string reason)
    {
        var endpoint = await RegisterAsync();
        List<string> arguments = ["send-test", $"{endpoint}"];
        if (file is not null)
        {
            var path = Path.Combine(_folder.FullName, "bad-note.json");
            await File.WriteAllTextAsync(path, file);
            arguments.AddRange(["--object", path]);
        }
        if (option.Length > 0)
        {
            arguments.Add(option);
        }

        var run = await InsimProcess.RunAsync(Drive([.. arguments]));

        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.All}");
        Assert.Contains(reason, run.Error, StringComparison.Ordinal);
        Assert.False(InsimProcess.HasStackTrace(run.All), run.All);
        Assert.Equal(0, _receiver.Count);
    }

    private static System.Text.Json.Nodes.JsonObject ObjectOf(ReceivedRequest request) =>
        (System.Text.Json.Nodes.JsonNode.Parse(request.Body)!["data"]!["object"] as System.Text.Json.Nodes.JsonObject)!;

    private static string? TypeOf(ReceivedRequest request) => JsonDocument.Parse(request.Body).RootElement.GetProperty("type").GetString();

    private async Task<int> RegisterAsync()
    {
        var created = await _api.PostAsJsonAsync("/api/webhook-endpoints", new
        {
            url = _receiver.Url(),
            contact_email = "dev@example.com",
            enabled_events = new[] { "soap_note.created", "soap_note.updated" },
        });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        (await _api.PostAsync($"/api/webhook-endpoints/{id}/activate", null)).EnsureSuccessStatusCode();
        return id;
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _receiver.DisposeAsync();
        await _app.DisposeAsync();
        _folder.Delete(recursive: true);
    }
}
