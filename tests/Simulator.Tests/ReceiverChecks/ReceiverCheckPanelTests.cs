using System.Text;
using Bunit;
using Simulator.Core.ReceiverChecks;
using Simulator.Tests.TestSupport;
using Simulator.Tests.Web.Components;
using Simulator.Web.Components.Pages.ReceiverChecks;

namespace Simulator.Tests.ReceiverChecks;

public sealed class ReceiverCheckPanelTests : ComponentTestContext
{
    [Fact]
    public async Task A_bad_url_gets_a_field_message_and_starts_nothing()
    {
        var panel = Render<ReceiverCheckPanel>();

        panel.Find("#receiver-check-url").Input("ftp://example.com/hooks");
        await panel.Find("form").SubmitAsync();

        Assert.Contains("http://", panel.Find("[data-url-error]").TextContent, StringComparison.Ordinal);
        Assert.Empty(panel.FindAll("[data-report]"));
    }

    [Fact]
    public async Task The_check_shows_each_case_live_and_the_report_with_advice_and_downloads()
    {
        await using var receiver = await CheckReceiver.RefusingSeenBodiesAsync();
        var panel = Render<ReceiverCheckPanel>();

        panel.Find("#receiver-check-url").Input(receiver.Url);
        await panel.Find("form").SubmitAsync();

        panel.WaitForAssertion(() => Assert.Equal("failed", panel.Find("[data-report]").GetAttribute("data-status")), TimeSpan.FromSeconds(30));
        // answers_quickly is judged on real time (proved in ReceiverCheckTests); the panel shows whatever it came to
        var failed = panel.FindAll("[data-case-status=failed]").Select(c => c.GetAttribute("data-case")).Where(n => n != ReceiverCheckCase.AnswersQuickly).ToList();
        Assert.Equal([ReceiverCheckCase.AcceptsDuplicate, ReceiverCheckCase.AcceptsConcurrentDuplicate], failed);
        Assert.Equal(8, panel.FindAll("[data-case-status=passed], [data-case-status=failed]").Count);
        var duplicate = panel.Find($"[data-case={ReceiverCheckCase.AcceptsDuplicate}]");
        Assert.Contains("HTTP 409", duplicate.QuerySelector("[data-detail]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("idempotent", duplicate.QuerySelector("[data-advice]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Failed:", panel.Find("[data-check-status]").TextContent, StringComparison.Ordinal);
        var junit = panel.Find("[data-download-junit]");
        Assert.StartsWith("data:application/xml;", junit.GetAttribute("href"), StringComparison.Ordinal);
        Assert.EndsWith(".xml", junit.GetAttribute("download"), StringComparison.Ordinal);
        Assert.StartsWith("data:application/json;", panel.Find("[data-download-json]").GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_an_endpoint_page_it_checks_the_endpoints_url()
    {
        await using var receiver = await CheckReceiver.CorrectAsync();
        var panel = Render<ReceiverCheckPanel>(p => p.Add(c => c.Url, receiver.Url));

        Assert.Empty(panel.FindAll("#receiver-check-url"));
        Assert.Contains(receiver.Url, panel.Find("[data-receiver-check]").TextContent, StringComparison.Ordinal);
        await panel.Find("form").SubmitAsync();

        panel.WaitForAssertion(() => Assert.NotEqual("running", panel.Find("[data-report]").GetAttribute("data-status")), TimeSpan.FromSeconds(30));
        Assert.Equal(7, panel.FindAll("[data-case-status=passed]").Count(c => c.GetAttribute("data-case") != ReceiverCheckCase.AnswersQuickly));
        Assert.NotEmpty(receiver.Received);
    }

    [Fact]
    public async Task A_receiver_answering_odd_bytes_gets_downloads_that_open()
    {
        await using var receiver = await CheckReceiver.AnsweringOddBytesAsync();
        var panel = Render<ReceiverCheckPanel>(p => p.Add(c => c.Url, receiver.Url));

        await panel.Find("form").SubmitAsync();

        panel.WaitForAssertion(() => Assert.NotEqual("running", panel.Find("[data-report]").GetAttribute("data-status")), TimeSpan.FromSeconds(30));
        OddBytesReports.AssertJUnit(Download(panel.Find("[data-download-junit]").GetAttribute("href")!));
        OddBytesReports.AssertJson(Download(panel.Find("[data-download-json]").GetAttribute("href")!));
    }

    [Fact]
    public async Task An_unreachable_receiver_is_named_once_without_advice()
    {
        var port = LoopbackPorts.Unused();
        var panel = Render<ReceiverCheckPanel>(p => p.Add(c => c.Url, $"http://127.0.0.1:{port}/webhooks"));

        await panel.Find("form").SubmitAsync();

        panel.WaitForAssertion(() => Assert.Equal("failed", panel.Find("[data-report]").GetAttribute("data-status")), TimeSpan.FromSeconds(30));
        Assert.Contains($"nothing is listening on 127.0.0.1:{port}; is your receiver running?", panel.Find("[data-check-error]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Could not run", panel.Find("[data-check-status]").TextContent, StringComparison.Ordinal);
        Assert.Empty(panel.FindAll("[data-advice]"));
        Assert.Equal(8, panel.FindAll("[data-case-status=not_run]").Count);
    }

    [Fact]
    public async Task Beyond_the_most_checks_at_once_the_panel_says_so_at_the_button()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await CheckReceiver.WaitingForAsync(open.Task);
        var checks = Service<ReceiverCheckStore>();
        var running = new List<ReceiverCheckReport>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                running.Add(await checks.StartAsync(receiver.Url));
            }
            var panel = Render<ReceiverCheckPanel>(p => p.Add(c => c.Url, receiver.Url));

            await panel.Find("form").SubmitAsync();

            Assert.Contains("4 receiver checks are running", panel.Find("[data-check-refused]").TextContent, StringComparison.Ordinal);
            Assert.Empty(panel.FindAll("[data-report]"));
        }
        finally
        {
            open.SetResult();
        }
        foreach (var check in running)
        {
            await checks.WaitUntilFinishedAsync(check.Id);
        }
    }

    [Fact]
    public void A_practitioner_does_not_see_it()
    {
        SignInAsPractitioner();

        var panel = Render<ReceiverCheckPanel>();

        Assert.Empty(panel.FindAll("[data-receiver-check]"));
    }

    /// <summary>The text a download link's <c>data:</c> URL carries.</summary>
    private static string Download(string href)
    {
        var comma = href.IndexOf(',', StringComparison.Ordinal);
        Assert.EndsWith(";base64", href[..comma], StringComparison.Ordinal);
        return Encoding.UTF8.GetString(Convert.FromBase64String(href[(comma + 1)..]));
    }
}
