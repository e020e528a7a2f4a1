using System.Text.Json;
using System.Xml.Linq;
using Simulator.Tests.ReceiverChecks;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Cli;

public sealed class InsimCheckTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("insim-");

    [Fact]
    public async Task A_correct_receiver_exits_0_with_a_table_and_both_reports_written()
    {
        await using var receiver = await CheckReceiver.CorrectAsync();
        var junit = Path.Combine(_folder.FullName, "reports", "receiver.xml");
        var json = Path.Combine(_folder.FullName, "receiver.json");

        // the exit code is the point here, not speed: a loaded machine must not turn it into 1
        var run = await InsimProcess.RunAsync(["check", receiver.Url, "--junit", junit, "--json", json], answerWithin: TimeSpan.FromSeconds(30));

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("accepts_large_note", run.Output, StringComparison.Ordinal);
        Assert.Contains("8 cases: 8 passed, 0 failed.", run.Output, StringComparison.Ordinal);
        Assert.Equal(8, XDocument.Load(junit).Root!.Elements("testcase").Count());
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        Assert.Equal("passed", report.RootElement.GetProperty("status").GetString());
        Assert.NotEmpty(receiver.Received);
    }

    [Fact]
    public async Task A_receiver_refusing_duplicates_exits_1_and_says_what_to_change()
    {
        await using var receiver = await CheckReceiver.RefusingSeenBodiesAsync();

        var run = await InsimProcess.RunAsync("check", receiver.Url);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("8 cases: 6 passed, 2 failed.", run.Output, StringComparison.Ordinal);
        Assert.Contains("accepts_concurrent_duplicate failed", run.Output, StringComparison.Ordinal);
        Assert.Contains("What to change:", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_receiver_answering_with_control_characters_fails_with_a_clean_table_and_its_answer_kept_in_the_json_report()
    {
        const string Answer = "\u001b[2J\u001b[31mboom\u0000\u0007\u000b\u009b done";
        await using var receiver = await TestReceiver.StartAsync();
        receiver.RespondWith(500, Answer);
        var json = Path.Combine(_folder.FullName, "odd.json");

        var run = await InsimProcess.RunAsync(["check", receiver.Url(), "--json", json], answerWithin: TimeSpan.FromSeconds(30));

        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}: {run.All}");
        Assert.Contains("accepts_created failed", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(run.All, c => char.IsControl(c) && c is not '\n' and not '\r');
        Assert.False(InsimProcess.HasStackTrace(run.All), run.All);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        Assert.Equal("failed", report.RootElement.GetProperty("status").GetString());
        Assert.NotEmpty(receiver.Requests);
    }

    [Theory]
    [InlineData("--junit")]
    [InlineData("--json")]
    public async Task A_report_path_that_cannot_be_written_is_refused_with_exit_2_before_anything_is_sent(string option)
    {
        await using var receiver = await CheckReceiver.CorrectAsync();
        var notAFolder = Path.Combine(_folder.FullName, "a-file");
        await File.WriteAllTextAsync(notAFolder, "not a folder");

        var run = await InsimProcess.RunAsync("check", receiver.Url, option, Path.Combine(notAFolder, "report.xml"));

        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.All}");
        Assert.Contains($"{option} {Path.Combine(notAFolder, "report.xml")}: cannot write there", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Checking", run.Output, StringComparison.Ordinal);
        Assert.False(InsimProcess.HasStackTrace(run.All), run.All);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task A_receiver_answering_odd_bytes_gets_both_reports_written()
    {
        await using var receiver = await CheckReceiver.AnsweringOddBytesAsync();
        var junit = Path.Combine(_folder.FullName, "odd.xml");
        var json = Path.Combine(_folder.FullName, "odd.json");

        var run = await InsimProcess.RunAsync(["check", receiver.Url, "--junit", junit, "--json", json], answerWithin: TimeSpan.FromSeconds(30));

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        OddBytesReports.AssertJUnit(await File.ReadAllTextAsync(junit));
        OddBytesReports.AssertJson(await File.ReadAllTextAsync(json));
    }

    [Fact]
    public async Task An_unreachable_receiver_exits_2_naming_host_and_port_once()
    {
        var port = LoopbackPorts.Unused();
        var junit = Path.Combine(_folder.FullName, "unreachable.xml");

        var run = await InsimProcess.RunAsync("check", $"http://127.0.0.1:{port}/webhooks", "--junit", junit);

        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Output}{run.Error}");
        var said = run.Output + run.Error;
        var reason = $"nothing is listening on 127.0.0.1:{port}; is your receiver running?";
        Assert.Equal(2, said.Split(reason).Length); // said exactly once
        Assert.DoesNotContain("What to change:", said, StringComparison.Ordinal);
        Assert.True(File.Exists(junit));
    }

    [Theory]
    [InlineData("check")]
    [InlineData("check|http://127.0.0.1:9/hooks|--unknown")]
    [InlineData("check|http://127.0.0.1:9/hooks|--junit")]
    [InlineData("check|ftp://example.com/hooks")]
    [InlineData("check|http://user:secret@127.0.0.1:9/hooks")]
    [InlineData("frobnicate")]
    public async Task Bad_usage_exits_2_and_sends_nothing(string arguments)
    {
        var run = await InsimProcess.RunAsync(arguments.Split('|', StringSplitOptions.RemoveEmptyEntries));

        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Output}{run.Error}");
        Assert.False(string.IsNullOrWhiteSpace(run.Error));
        Assert.DoesNotContain("Checking", run.Output, StringComparison.Ordinal);
        Assert.False(InsimProcess.HasStackTrace(run.All), run.All);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
