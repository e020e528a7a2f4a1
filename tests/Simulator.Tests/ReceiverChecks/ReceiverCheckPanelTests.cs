using Bunit;
using Simulator.Core.ReceiverChecks;
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
    public void A_practitioner_does_not_see_it()
    {
        SignInAsPractitioner();

        var panel = Render<ReceiverCheckPanel>();

        Assert.Empty(panel.FindAll("[data-receiver-check]"));
    }
}
