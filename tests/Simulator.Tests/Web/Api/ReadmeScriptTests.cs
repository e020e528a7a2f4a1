using System.Diagnostics;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Web.Api;

/// <summary>Runs the README's "drive it from a script" example, as written, against a running simulator.</summary>
public sealed class ReadmeScriptTests
{
    private static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Simulator.slnx")))
            {
                directory = directory.Parent;
            }
            return directory?.FullName ?? throw new InvalidOperationException("Simulator.slnx not found above the test output.");
        }
    }

    [Fact]
    public async Task The_script_registers_activates_creates_advances_and_lists_a_successful_delivery()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await using var app = new SimulatorAppFactory { UseRealPort = true };
        app.Boot();

        var output = await RunScriptAsync(app.ServerAddress, receiver.Url());

        Assert.Contains("endpoint 1 is active", output, StringComparison.Ordinal);
        Assert.Contains("created SOAP note 11", output, StringComparison.Ordinal);
        Assert.Contains("soap_note.created succeeded after 1 attempt(s): 200", output, StringComparison.Ordinal);
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task Against_a_failing_receiver_the_script_shows_the_exhausted_retries()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.RespondWith(500);
        await using var app = new SimulatorAppFactory { UseRealPort = true };
        app.Boot();

        var output = await RunScriptAsync(app.ServerAddress, receiver.Url());

        var line = output.Split('\n').Single(l => l.StartsWith("soap_note.created", StringComparison.Ordinal));
        Assert.StartsWith("soap_note.created failed after ", line, StringComparison.Ordinal);
        Assert.True(receiver.Count > 5, $"expected the backoff's attempts, got {receiver.Count}");
        Assert.Contains($"after {receiver.Count} attempt(s)", line, StringComparison.Ordinal);
        // what the README prints for this run is what it prints
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot, "README.md"));
        Assert.Contains($"`soap_note.created failed after {receiver.Count} attempt(s): 500, 500, ...`", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void The_readme_shows_the_script_exactly()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot, "README.md"));
        var script = File.ReadAllText(Path.Combine(RepositoryRoot, "examples", "drive-from-script.sh"));
        Assert.Contains(script.Trim(), readme, StringComparison.Ordinal);
    }

    private static async Task<string> RunScriptAsync(string simulator, string receiverUrl)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot, "examples", "drive-from-script.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["SIM"] = simulator;
        start.Environment["RECEIVER"] = receiverUrl;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(limit.Token);
        Assert.True(process.ExitCode == 0, $"the script failed ({process.ExitCode}): {await stderr}\n{await stdout}");
        return await stdout;
    }
}
