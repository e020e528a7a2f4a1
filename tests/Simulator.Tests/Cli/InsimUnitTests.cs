using Simulator.Cli;
using Simulator.Core.ReceiverChecks;

namespace Simulator.Tests.Cli;

public sealed class InsimUnitTests
{
    [Theory]
    [InlineData("13h", 13 * 3600)]
    [InlineData("90m", 90 * 60)]
    [InlineData("45s", 45)]
    [InlineData("2d", 2 * 86400)]
    [InlineData("1h30m", 5400)]
    [InlineData("1.5h", 5400)]
    [InlineData(" 30D ", 30 * 86400)]
    public void Durations_read_as_people_write_them(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), SimulatedDuration.Parse(text, "duration"));

    [Theory]
    [InlineData("13")]
    [InlineData("h")]
    [InlineData("13 h")]
    [InlineData("-1h")]
    [InlineData("0s")]
    [InlineData("30d1s")]
    [InlineData("1w")]
    [InlineData("")]
    public void A_bad_duration_is_refused_with_the_forms_that_work(string text)
    {
        var refused = Assert.Throws<CommandFailedException>(() => SimulatedDuration.Parse(text, "duration"));

        Assert.StartsWith($"duration {text}: ", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5400, "1h30m")]
    [InlineData(13 * 3600, "13h")]
    [InlineData(45, "45s")]
    [InlineData(86400 + 1, "1d1s")]
    public void A_duration_is_written_back_in_the_same_form(double seconds, string text) =>
        Assert.Equal(text, SimulatedDuration.Format(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(new string[0], false)]
    [InlineData(new[] { "--urls", "http://localhost:5099" }, false)]
    [InlineData(new[] { "--environment=Development", "--contentRoot=/src" }, false)]
    [InlineData(new[] { "serve" }, true)]
    [InlineData(new[] { "check", "http://localhost:3000/webhooks" }, true)]
    [InlineData(new[] { "frobnicate" }, true)]
    [InlineData(new[] { "--help" }, true)]
    [InlineData(new[] { "-h" }, true)]
    [InlineData(new[] { "--version" }, true)]
    public void A_command_goes_to_insim_and_no_command_starts_the_web_app_as_dotnet_run_and_the_image_do(string[] args, bool insim)
    {
        Assert.Equal(insim, InsimCommand.Handles(args, "/usr/share/dotnet/dotnet"));
        Assert.Equal(insim, InsimCommand.Handles(args, "/src/Simulator.Web/bin/Debug/net10.0/Simulator.Web"));
    }

    [Fact]
    public void The_installed_tool_s_insim_with_no_command_asks_for_one_instead_of_starting_the_web_app()
    {
        Assert.True(InsimCommand.Handles([], "/home/me/.dotnet/tools/insim"));
        Assert.False(InsimCommand.Handles(["--urls", "http://localhost:5099"], "/home/me/.dotnet/tools/insim"));
    }

    [Fact]
    public void Text_from_a_receiver_reaches_the_terminal_without_its_control_characters()
    {
        var clean = TerminalText.Clean("ok\u001b[2J\u0000\u0007\tnext\r\nline\u009b\u202eevil");

        Assert.Equal("ok\\u001b[2J\\u0000\\u0007 next  line\\u009b\\u202eevil", clean);
    }

    [Fact]
    public void The_check_table_shows_a_detail_with_control_characters_escaped()
    {
        var failed = new CheckCaseReport("accepts_created", "Accepts created", CheckCaseStatus.Failed, "HTTP 500: \u001b[31mred\u0000", [], "why", "reference", "change");
        var report = new ReceiverCheckReport("abc", "http://127.0.0.1:9/webhooks", ReceiverCheckStatus.Failed, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, [failed]);

        var table = CheckTable.Write(report);

        Assert.DoesNotContain(table, c => char.IsControl(c) && c is not '\n' and not '\r');
        Assert.Contains("What happened:  HTTP 500: \\u001b[31mred\\u0000", table, StringComparison.Ordinal);
    }
}
