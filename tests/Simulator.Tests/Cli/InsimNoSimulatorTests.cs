using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Cli;

/// <summary>Every command that drives a simulator, when none is running there, or the address is no address.</summary>
public sealed class InsimNoSimulatorTests
{
    [Theory]
    [InlineData("trigger|soap_note.created")]
    [InlineData("trigger|soap_note.updated")]
    [InlineData("advance|90m")]
    [InlineData("deliveries")]
    [InlineData("deliveries|--status|failed|--json")]
    [InlineData("resend|7")]
    [InlineData("recover|1|--since|2026-12-01T00:00:00Z")]
    [InlineData("recover|1|--since|24h")]
    public async Task A_simulator_that_is_not_running_is_a_message_and_exit_2(string arguments)
    {
        var address = $"http://127.0.0.1:{LoopbackPorts.Unused()}";

        var run = await InsimProcess.RunAsync([.. arguments.Split('|'), "--simulator", address]);

        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.All}");
        Assert.StartsWith($"No simulator answers at {address}/ (Connection refused", run.Error, StringComparison.Ordinal);
        Assert.Contains("insim serve", run.Error, StringComparison.Ordinal);
        Assert.False(InsimProcess.HasStackTrace(run.All), run.All);
    }

    [Theory]
    [InlineData("localhost:5000")]
    [InlineData("ftp://localhost:5000")]
    [InlineData("not an address")]
    public async Task A_simulator_address_that_is_no_http_url_is_refused_with_exit_2(string address)
    {
        var run = await InsimProcess.RunAsync("deliveries", "--simulator", address);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"--simulator {address}: give the running simulator's address", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("trigger")]
    [InlineData("trigger|soap_note.deleted")]
    [InlineData("trigger|soap_note.created|--note")]
    [InlineData("advance")]
    [InlineData("deliveries|--status|lost")]
    [InlineData("resend")]
    [InlineData("resend|0")]
    [InlineData("recover|1")]
    [InlineData("recover|1|--since|last tuesday")]
    [InlineData("recover|one|--since|24h")]
    [InlineData("serve|--urls|notaurl")]
    [InlineData("serve|--unknown")]
    public async Task Bad_usage_of_any_command_is_a_message_and_exit_2(string arguments)
    {
        var run = await InsimProcess.RunAsync([.. arguments.Split('|'), "--simulator", $"http://127.0.0.1:{LoopbackPorts.Unused()}"]);

        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.All}");
        Assert.False(string.IsNullOrWhiteSpace(run.Error));
        Assert.DoesNotContain("No simulator answers", run.Error, StringComparison.Ordinal);
        Assert.False(InsimProcess.HasStackTrace(run.All), run.All);
    }

    [Fact]
    public async Task A_note_file_that_does_not_exist_is_refused_before_the_simulator_is_asked()
    {
        var run = await InsimProcess.RunAsync("trigger", "soap_note.created", "--note", "/nonexistent/note.json", "--simulator", $"http://127.0.0.1:{LoopbackPorts.Unused()}");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("--note /nonexistent/note.json: cannot read it", run.Error, StringComparison.Ordinal);
    }
}
