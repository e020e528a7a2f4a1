using Simulator.Tests.TestSupport;
using Simulator.Web.Apis.Contracts;
using Xunit.Abstractions;

namespace Simulator.Tests.Crash;

/// <summary>
/// What <c>dotnet run --project src/Simulator.Web</c> does with no settings at all: the published app, started
/// as a process with nothing but its own appsettings.json and a home folder of its own, keeps its data in a
/// SQLite file in the user data folder, names that file in its first log line, and still has the endpoint and
/// the note a user made after a SIGKILL and a restart.
/// </summary>
[Trait("Category", "Crash")]
public sealed class NoSettingsRestartTests(PublishedSimulator published, ITestOutputHelper output) : IClassFixture<PublishedSimulator>
{
    [Fact]
    public async Task With_no_settings_endpoints_and_notes_survive_a_kill_in_a_sqlite_file_in_the_user_data_folder()
    {
        var home = Directory.CreateTempSubdirectory("simulator-home-").FullName;
        var environment = new Dictionary<string, string>
        {
            // the user data folder .NET finds on Linux: $XDG_DATA_HOME, or when that is empty, ~/.local/share
            ["HOME"] = home,
            ["XDG_DATA_HOME"] = string.Empty,
        };
        var expectedFile = Path.Combine(home, ".local", "share", "insim", "simulator.db");
        output.WriteLine($"home: {home}");

        await using var simulator = new SimulatorProcess(published, environment, Path.Combine(home, "app.log"));
        await simulator.StartAsync();
        var firstMessage = FirstLogMessage(simulator.LogTail(400));
        Assert.True(firstMessage.Contains(expectedFile, StringComparison.Ordinal), $"the first log message does not name {expectedFile}:{Environment.NewLine}{firstMessage}");
        Assert.True(File.Exists(expectedFile), $"no store at {expectedFile}");

        var endpoint = await simulator.SendAsync<EndpointResponse>(HttpMethod.Post, "/api/webhook-endpoints",
            new { url = "http://127.0.0.1:9/kept", contact_email = "kept@example.com", enabled_events = new[] { "soap_note.created" } });
        var note = await simulator.SendAsync<SoapNoteResponse>(HttpMethod.Post, "/api/soap-notes", new { });

        await simulator.KillAsync();
        await simulator.StartAsync();

        var endpoints = await simulator.GetAsync<List<EndpointResponse>>("/api/webhook-endpoints");
        var kept = Assert.Single(endpoints, e => e.Id == endpoint.Id);
        Assert.Equal("http://127.0.0.1:9/kept", kept.Url);
        Assert.Equal("kept@example.com", kept.ContactEmail);
        var again = await simulator.GetAsync<SoapNoteResponse>($"/api/soap-notes/{note.Id}");
        Assert.Equal((note.Name, note.Recommendations, note.ClientId), (again.Name, again.Recommendations, again.ClientId));

        await simulator.DisposeAsync();
        Directory.Delete(home, recursive: true);
    }

    /// <summary>The first message the app logged (the console logger writes a message as a header line and indented lines).</summary>
    private static string FirstLogMessage(string log)
    {
        var lines = log.Split('\n').SkipWhile(l => !l.StartsWith("info:", StringComparison.Ordinal) && !l.StartsWith("warn:", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(lines);
        return string.Join('\n', lines.Take(1).Concat(lines.Skip(1).TakeWhile(l => l.StartsWith(' '))));
    }
}
