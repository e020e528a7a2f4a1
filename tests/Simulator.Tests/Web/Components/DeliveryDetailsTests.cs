using Bunit;
using Simulator.Core.Domain;
using Simulator.Core.Webhooks;
using Simulator.Tests.TestSupport;
using Simulator.Web.Components.Pages.Deliveries;

namespace Simulator.Tests.Web.Components;

public sealed class DeliveryDetailsTests : ComponentTestContext
{
    [Fact]
    public async Task Stop_retrying_cancels_a_pending_delivery()
    {
        var delivery = await AddWaitingDeliveryAsync(await AddEndpointAsync());
        var page = Render<DeliveryDetails>(p => p.Add(d => d.Id, delivery.Id));
        page.WaitForElement("[data-delivery-status]");

        await page.FindAll("button").Single(b => b.TextContent.Trim() == "Stop retrying").ClickAsync();

        Assert.Equal(DeliveryStatus.Cancelled, (await Service<WebhookActivity>().DeliveryAsync(delivery.Id))!.Status);
        page.WaitForAssertion(() => Assert.Equal("Cancelled", page.Find("[data-delivery-status] [data-status]").TextContent.Trim()));
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Trim() == "Stop retrying");
    }

    [Fact]
    public async Task Stop_retrying_says_that_the_real_service_removes_retries_only_on_request_by_email()
    {
        var delivery = await AddWaitingDeliveryAsync(await AddEndpointAsync());
        var page = Render<DeliveryDetails>(p => p.Add(d => d.Id, delivery.Id));
        page.WaitForElement("[data-delivery-status]");

        var stop = page.FindAll("button").Single(b => b.TextContent.Trim() == "Stop retrying");
        var note = page.Find("[data-real-service-note]");

        Assert.Contains("info@instinctive3.com", stop.GetAttribute("title"), StringComparison.Ordinal);
        Assert.Contains("Simulator's choice", note.TextContent, StringComparison.Ordinal);
        Assert.Contains("retries continue until exhausted", note.TextContent, StringComparison.Ordinal);
        Assert.Equal("mailto:info@instinctive3.com", note.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("a disabled one included", note.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_again_makes_one_more_attempt_now_and_shows_it()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.RespondWith(503, "maintenance");
        var delivery = await AddWaitingDeliveryAsync(await AddEndpointAsync(receiver.Url()));
        var page = Render<DeliveryDetails>(p => p.Add(d => d.Id, delivery.Id));
        page.WaitForElement("[data-delivery-status]");

        await page.FindAll("button").Single(b => b.TextContent.Trim() == "Send again").ClickAsync();

        Assert.Equal(1, receiver.Count);
        page.WaitForAssertion(() =>
        {
            Assert.Equal("1", page.Find("[data-attempt-count]").TextContent.Trim());
            Assert.Contains("503 Service Unavailable", page.Find(".attempt-grid").TextContent, StringComparison.Ordinal);
            Assert.Contains("maintenance", page.Find(".attempt-grid").TextContent, StringComparison.Ordinal);
        });
        Assert.Contains("attempt 1 failed", page.Find("[role=status]").TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(page.FindAll("[data-mark=planned]")); // still pending: its retries are drawn ahead
    }
}
