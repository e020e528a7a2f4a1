using Bunit;
using Simulator.Tests.TestSupport;
using Simulator.Web.Components.Pages.DeveloperSettings;

namespace Simulator.Tests.Web.Components;

public sealed class SendTestPanelTests : ComponentTestContext
{
    [Fact]
    public async Task Send_test_shows_the_status_code_duration_response_and_exact_body_even_for_an_unsubscribed_inactive_endpoint()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.RespondWith(202, "queued for processing");
        var endpoint = await Service<Simulator.Core.Webhooks.WebhookEndpointService>()
            .CreateAsync(receiver.Url(), null, "dev@example.com", [Simulator.Core.Domain.EventTypes.SoapNoteCreated]);
        var panel = Render<SendTestPanel>(p => p.Add(s => s.Endpoint, endpoint));

        Assert.Contains("(not subscribed)", panel.Find("label[for=test-soap_note-updated]").TextContent, StringComparison.Ordinal);
        panel.Find("#test-soap_note-updated").Change("soap_note.updated");
        await panel.Find("form").SubmitAsync();

        var result = panel.WaitForElement("[data-test-result]");
        Assert.Contains("202 Accepted", result.QuerySelector("[data-outcome]")!.TextContent, StringComparison.Ordinal);
        // the attempt's own duration, as the page words it (ms, or s past a second on a loaded machine)
        var attempt = (await Service<Simulator.Core.Webhooks.WebhookActivity>().DeliveriesAsync(new Simulator.Core.Webhooks.DeliveryFilter(EndpointId: endpoint.Id))).Single().Attempts.Single();
        Assert.Equal(Simulator.Web.Components.Shared.Display.Milliseconds(attempt.DurationMs), result.QuerySelector("[data-duration]")!.TextContent.Trim());
        Assert.Equal("queued for processing", result.QuerySelector("[data-response-body]")!.TextContent);
        var sent = Assert.Single(receiver.Requests);
        Assert.Equal(sent.Body, panel.Find("[data-test-result] [data-json]").TextContent);
        using var body = System.Text.Json.JsonDocument.Parse(sent.Body);
        Assert.Equal("soap_note.updated", body.RootElement.GetProperty("type").GetString());
    }
}
