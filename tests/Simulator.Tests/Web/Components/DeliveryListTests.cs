using Bunit;
using Microsoft.EntityFrameworkCore;
using Simulator.Core.Clock;
using Simulator.Core.Domain;
using Simulator.Core.Live;
using Simulator.Core.Persistence;
using Simulator.Core.Webhooks;
using Simulator.Web.Components.Pages.Deliveries;

namespace Simulator.Tests.Web.Components;

public sealed class DeliveryListTests : ComponentTestContext
{
    [Fact]
    public async Task The_list_follows_what_the_store_commits_without_being_told()
    {
        var endpoint = await AddEndpointAsync();
        var list = Render<DeliveryList>();
        list.WaitForElement("[data-empty]");

        // nobody publishes anything: the commit itself is the live change
        var delivery = await AddWaitingDeliveryAsync(endpoint);

        list.WaitForAssertion(() => Assert.Single(list.FindAll(".delivery-row")));
        var row = list.Find(".delivery-row");
        Assert.Contains($"Delivery #{delivery.Id}", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("soap_note.created", row.TextContent, StringComparison.Ordinal);
        Assert.Equal("Pending", row.QuerySelector("[data-status]")!.TextContent.Trim());
        Assert.Contains(endpoint.Url, row.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliveries_are_listed_newest_first()
    {
        var endpoint = await AddEndpointAsync();
        var first = await AddWaitingDeliveryAsync(endpoint);
        var second = await AddWaitingDeliveryAsync(endpoint);

        var list = Render<DeliveryList>();

        list.WaitForAssertion(() => Assert.Equal(
            [$"Delivery #{second.Id}", $"Delivery #{first.Id}"],
            list.FindAll(".delivery-row a").Select(a => a.TextContent.Trim())));
    }

    [Fact]
    public async Task Once_disposed_the_list_stops_listening()
    {
        var endpoint = await AddEndpointAsync();
        var list = Render<DeliveryList>();
        list.WaitForElement("[data-empty]");
        var live = Service<LiveUpdates>();

        await DisposeComponentsAsync();
        await AddWaitingDeliveryAsync(endpoint);
        var exception = Record.Exception(() => live.Publish(LiveChangeKind.Delivery));

        Assert.Null(exception);
    }

    [Fact]
    public async Task A_delivery_shows_the_url_it_was_sent_to_after_the_endpoints_url_changed()
    {
        var endpoint = await AddEndpointAsync("http://127.0.0.1:9/first-receiver/webhooks");
        await BeginAttemptQuietlyAsync(await AddWaitingDeliveryAsync(endpoint), endpoint.Url);
        await Service<WebhookEndpointService>().UpdateAsync(endpoint.Id, "http://127.0.0.1:9/second-receiver/webhooks", null, null, null);

        var list = Render<DeliveryList>();

        var row = list.WaitForElement(".delivery-row");
        Assert.Equal("http://127.0.0.1:9/first-receiver/webhooks", row.QuerySelector("[data-sent-to]")!.GetAttribute("data-sent-to"));
        Assert.DoesNotContain("second-receiver", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Test receiver", row.TextContent, StringComparison.Ordinal); // the endpoint's description
    }

    [Fact]
    public async Task An_attempt_in_flight_reads_as_sending_not_as_pending_or_failed()
    {
        var endpoint = await AddEndpointAsync();
        await BeginAttemptQuietlyAsync(await AddWaitingDeliveryAsync(endpoint), endpoint.Url);

        var list = Render<DeliveryList>();

        var row = list.WaitForElement(".delivery-row");
        Assert.Equal("Sending", row.QuerySelector("[data-status]")!.TextContent.Trim());
        Assert.Equal("in-flight", row.QuerySelector("[data-outcome]")!.GetAttribute("data-outcome"));
        Assert.Contains("attempt 1 in flight", row.QuerySelector("[data-in-flight]")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("due now", row.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_delivery_page_shows_where_each_attempt_went_and_the_endpoints_url_now()
    {
        var endpoint = await AddEndpointAsync("http://127.0.0.1:9/first-receiver/webhooks");
        var delivery = await AddWaitingDeliveryAsync(endpoint);
        await BeginAttemptQuietlyAsync(delivery, endpoint.Url);
        await Service<WebhookEndpointService>().UpdateAsync(endpoint.Id, "http://127.0.0.1:9/second-receiver/webhooks", null, null, null);

        var page = Render<DeliveryDetails>(p => p.Add(d => d.Id, delivery.Id));

        var sentTo = page.WaitForElement("[data-sent-to]");
        Assert.Contains("http://127.0.0.1:9/first-receiver/webhooks", sentTo.TextContent, StringComparison.Ordinal);
        Assert.Equal("http://127.0.0.1:9/second-receiver/webhooks", page.Find("[data-endpoint-url]").TextContent.Trim());
        Assert.Equal("Sending", page.Find("[data-delivery-status] [data-status]").TextContent.Trim());
        Assert.Contains("in flight", page.Find("[data-next-attempt]").TextContent, StringComparison.Ordinal);
    }

    /// <summary>Attempt 1 recorded as started and not finished, as a slow receiver leaves it.</summary>
    private async Task BeginAttemptQuietlyAsync(Delivery delivery, string url)
    {
        await using var db = await Service<IDbContextFactory<SimulatorDbContext>>().CreateDbContextAsync();
        var tracked = await db.Deliveries.Include(d => d.Attempts).SingleAsync(d => d.Id == delivery.Id);
        tracked.BeginAttempt(Service<SimulationClock>().GetUtcNow(), url);
        await db.SaveChangesAsync();
    }
}
