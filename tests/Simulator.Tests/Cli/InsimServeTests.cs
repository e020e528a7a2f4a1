using System.Net;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Cli;

/// <summary>
/// <c>insim serve</c> from the build output, as a real process. (The packed tool, installed from its package and
/// serving its UI in Production, is what .ci/run checks.)
/// </summary>
public sealed class InsimServeTests : IDisposable
{
    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("insim-home-");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };

    [Fact]
    public async Task Serve_in_memory_answers_health_serves_the_ui_and_says_where_everything_is()
    {
        var url = $"http://127.0.0.1:{LoopbackPorts.Unused()}";
        // Development: a build output serves its UI files from the project (a packed tool serves its own)
        await using var server = await InsimServer.StartAsync(["--in-memory", "--urls", url], Environment("Development"));

        Assert.False(server.HasExited, server.Output);
        Assert.Contains($"Instinctive Notes Webhook Simulator on {url}", server.Output, StringComparison.Ordinal);
        Assert.Contains($"demo receiver     {url}/demo-receiver", server.Output, StringComparison.Ordinal);
        Assert.Contains("store             InMemory (nothing is kept when it stops)", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("dbug:", server.Output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync($"{url}/healthz")).StatusCode);
        var page = await _http.GetStringAsync($"{url}/sign-in");
        Assert.Contains("Olivia Owner", page, StringComparison.Ordinal);
        Assert.Contains("_framework/blazor.web", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync($"{url}/_framework/blazor.web.js")).StatusCode);
        Assert.Equal(0, await server.StopAsync());
        Assert.Empty(Directory.GetFiles(_home.FullName, "*.db", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Serve_keeps_its_data_in_a_sqlite_file_in_the_user_s_data_folder_and_prints_its_path()
    {
        var url = $"http://127.0.0.1:{LoopbackPorts.Unused()}";
        var file = Path.Combine(_home.FullName, "data", "insim", "simulator.db");

        await using var server = await InsimServer.StartAsync(["--urls", url], Environment("Production"));

        Assert.False(server.HasExited, server.Output);
        Assert.Contains($"store             SQLite file {file} (kept across restarts", server.Output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync($"{url}/healthz")).StatusCode);
        Assert.True(File.Exists(file));
    }

    [Fact]
    public async Task An_address_already_taken_is_a_message_and_exit_2()
    {
        await using var taken = await TestReceiver.StartAtRootAsync();

        await using var server = await InsimServer.StartAsync(["--in-memory", "--urls", taken.BaseUrl], Environment("Production"));

        Assert.True(server.HasExited, server.Output);
        Assert.Equal(2, server.ExitCode);
        Assert.Contains("The simulator could not start: ", server.Output, StringComparison.Ordinal);
        Assert.Contains("address already in use", server.Output, StringComparison.OrdinalIgnoreCase);
        Assert.False(InsimProcess.HasStackTrace(server.Output), server.Output);
    }

    /// <summary>The user's data folder (XDG_DATA_HOME) in a folder of the test's own.</summary>
    private Dictionary<string, string> Environment(string environment) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = environment,
        ["XDG_DATA_HOME"] = Path.Combine(_home.FullName, "data"),
        ["HOME"] = _home.FullName,
    };

    public void Dispose()
    {
        _http.Dispose();
        _home.Delete(recursive: true);
    }
}
