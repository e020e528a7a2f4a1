using Bunit;
using Simulator.Core.Dispatching;
using Simulator.Web.Components.Pages.Deliveries;

namespace Simulator.Tests.Web.Components;

public sealed class DeliveryListTests : ComponentTestContext
{
    [Fact]
    public async Task The_list_updates_when_the_notifier_fires_and_not_before()
    {
        var endpoint = await AddEndpointAsync();
        var list = Render<DeliveryList>();
        list.WaitForElement("[data-empty]");

        var delivery = await AddDeliveryQuietlyAsync(endpoint);
        Assert.NotNull(list.Find("[data-empty]")); // written, but nobody said so yet

        Service<LiveUpdates>().Publish(LiveChangeKind.Delivery, delivery.Id);

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
        var first = await AddDeliveryQuietlyAsync(endpoint);
        var second = await AddDeliveryQuietlyAsync(endpoint);

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
        await AddDeliveryQuietlyAsync(endpoint);
        var exception = Record.Exception(() => live.Publish(LiveChangeKind.Delivery));

        Assert.Null(exception);
    }
}
