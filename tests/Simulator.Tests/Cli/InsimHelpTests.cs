namespace Simulator.Tests.Cli;

public sealed class InsimHelpTests
{
    private static readonly string[] Commands = ["serve", "check", "trigger", "advance", "deliveries", "resend", "recover", "send-test"];

    [Fact]
    public async Task Help_is_under_the_name_insim_lists_every_command_and_the_exit_codes()
    {
        var run = await InsimProcess.RunAsync("--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Usage:\n  insim [command] [options]", run.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("Simulator.Web", run.Output, StringComparison.Ordinal);
        Assert.All(Commands, command => Assert.Matches($@"(?m)^  {command}\b", run.Output));
        Assert.Contains("Exit codes", run.Output, StringComparison.Ordinal);
        Assert.Contains("2  bad usage, or the command could not run", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("serve", "insim serve --in-memory")]
    [InlineData("check", "insim check http://localhost:3000/webhooks --junit")]
    [InlineData("trigger", "insim trigger soap_note.created --note note.json")]
    [InlineData("advance", "insim advance 13h")]
    [InlineData("deliveries", "insim deliveries --status failed")]
    [InlineData("resend", "insim resend 7")]
    [InlineData("recover", "insim recover 1 --since 2026-12-01T00:00:00Z")]
    public async Task Every_command_s_help_has_its_usage_examples_and_exit_codes(string command, string example)
    {
        var run = await InsimProcess.RunAsync(command, "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"  insim {command}", run.Output, StringComparison.Ordinal);
        Assert.Contains("Examples:", run.Output, StringComparison.Ordinal);
        Assert.Contains(example, run.Output, StringComparison.Ordinal);
        Assert.Matches(@"Exit codes:\n  0  ", run.Output.ReplaceLineEndings("\n"));
        Assert.Matches(@"\n  2  ", run.Output.ReplaceLineEndings("\n"));
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task Version_prints_the_package_version()
    {
        var run = await InsimProcess.RunAsync("--version");

        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", run.Output);
    }
}
