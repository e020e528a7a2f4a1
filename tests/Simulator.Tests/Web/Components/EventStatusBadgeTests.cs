using Bunit;
using Simulator.Core.Webhooks;
using Simulator.Web.Components.Pages.Deliveries;
using Simulator.Web.Components.Pages.SoapNotes;

namespace Simulator.Tests.Web.Components;

public sealed class EventStatusBadgeTests : ComponentTestContext
{
    [Fact]
    public async Task The_report_of_a_save_shows_the_status_of_the_event_it_raised()
    {
        var delivery = await AddWaitingDeliveryAsync(await AddEndpointAsync());

        var report = Render<RaisedEventReport>(p => p.Add(r => r.EventId, delivery.EventId).Add(r => r.NoteId, 1));

        var badge = report.WaitForElement("[data-raised-event] [data-event-status]");
        Assert.Equal(("pending", "Event pending"), (badge.GetAttribute("data-event-status"), badge.TextContent.Trim()));
    }

    [Fact]
    public async Task A_delivery_page_shows_its_event_status_and_stopping_the_retries_makes_it_failed()
    {
        var delivery = await AddWaitingDeliveryAsync(await AddEndpointAsync());
        var page = Render<DeliveryDetails>(p => p.Add(d => d.Id, delivery.Id));
        Assert.Equal("pending", page.WaitForElement("[data-event-status]").GetAttribute("data-event-status"));

        await page.FindAll("button").Single(b => b.TextContent.Trim() == "Stop retrying").ClickAsync();

        Assert.Equal(Simulator.Core.Domain.EventStatus.Failed, (await Service<WebhookActivity>().EventAsync(delivery.EventId))!.Status);
        page.WaitForAssertion(() => Assert.Equal("failed", page.Find("[data-event-status]").GetAttribute("data-event-status")));
    }
}
