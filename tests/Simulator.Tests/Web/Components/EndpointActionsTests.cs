using Bunit;
using Simulator.Core.Accounts;
using Simulator.Core.Domain;
using Simulator.Core.Webhooks;
using Simulator.Web.Components.Pages.DeveloperSettings;

namespace Simulator.Tests.Web.Components;

public sealed class EndpointActionsTests : ComponentTestContext
{
    private static readonly DateTimeOffset SimulatorClockStart = TestSupport.SimulatorAppFactory.Start;

    [Fact]
    public async Task Activate_on_standard_plan_is_refused_with_the_reason_and_an_upgrade_button()
    {
        var endpoint = await AddEndpointAsync();
        var card = Render<EndpointCard>(p => p.Add(c => c.Endpoint, endpoint));

        await Button(card, "Activate").ClickAsync();

        var refusal = card.Find("[data-plan-refusal]");
        Assert.Contains("Premium plan required", refusal.TextContent);
        Assert.Contains("requires an upgrade to Premium", refusal.TextContent);
        Assert.Contains(refusal.QuerySelectorAll("button"), b => b.TextContent.Trim() == "Upgrade to Premium");
        Assert.Equal(EndpointStatus.Inactive, (await Service<WebhookEndpointService>().FindAsync(endpoint.Id))!.Status);
    }

    [Fact]
    public async Task Activating_right_after_a_failed_test_says_so()
    {
        await Service<AccountService>().ChangePlanAsync(Plan.Premium);
        var endpoint = await AddEndpointAsync(); // nothing listens there: the test fails
        var test = await Service<WebhookEndpointService>().SendTestAsync(endpoint.Id, EventTypes.SoapNoteCreated);
        Assert.Equal(DeliveryStatus.Failed, test.Status);
        var card = Render<EndpointCard>(p => p.Add(c => c.Endpoint, endpoint));

        await Button(card, "Activate").ClickAsync();

        Assert.Equal(EndpointStatus.Active, (await Service<WebhookEndpointService>().FindAsync(endpoint.Id))!.Status);
        Assert.Contains("last test send failed", card.Find("[data-activate-hint]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Activating_without_a_failed_test_needs_no_hint()
    {
        await Service<AccountService>().ChangePlanAsync(Plan.Premium);
        var endpoint = await AddEndpointAsync();
        var card = Render<EndpointCard>(p => p.Add(c => c.Endpoint, endpoint));

        await Button(card, "Activate").ClickAsync();

        Assert.Empty(card.FindAll("[data-activate-hint]"));
    }

    [Fact]
    public async Task Upgrading_from_the_refusal_lets_the_endpoint_be_activated()
    {
        var endpoint = await AddEndpointAsync();
        var card = Render<EndpointCard>(p => p.Add(c => c.Endpoint, endpoint));
        await Button(card, "Activate").ClickAsync();

        await card.Find("[data-plan-refusal] button").ClickAsync();

        Assert.Equal(Plan.Premium, (await Service<AccountService>().GetAsync()).Plan);
        Assert.Empty(card.FindAll("[data-plan-refusal]"));
        await Button(card, "Activate").ClickAsync();
        Assert.Equal(EndpointStatus.Active, (await Service<WebhookEndpointService>().FindAsync(endpoint.Id))!.Status);
    }

    [Fact]
    public async Task Delete_asks_for_confirmation_before_deleting()
    {
        var endpoint = await AddEndpointAsync();
        var deleted = false;
        var card = Render<EndpointCard>(p => p.Add(c => c.Endpoint, endpoint).Add(c => c.OnDeleted, () => deleted = true));

        await Button(card, "Delete").ClickAsync();
        Assert.Contains(endpoint.Url, card.Find("[data-confirm-delete]").TextContent);
        Assert.NotNull(await Service<WebhookEndpointService>().FindAsync(endpoint.Id));

        await Button(card, "Delete endpoint").ClickAsync();
        Assert.True(deleted);
        Assert.Null(await Service<WebhookEndpointService>().FindAsync(endpoint.Id));
    }

    [Fact]
    public async Task A_failing_active_endpoint_shows_since_when_and_when_it_will_be_disabled()
    {
        var endpoint = await AddEndpointAsync();
        var account = new Account("Practice", Plan.Premium, SimulatorClockStart);
        endpoint.Activate(account, SimulatorClockStart);
        endpoint.StartFailing(SimulatorClockStart, TimeSpan.FromHours(1));

        var card = Render<EndpointCard>(p => p.Add(c => c.Endpoint, endpoint));

        Assert.Equal(["Active", "Failing"], card.FindAll("[data-status]").Select(b => b.TextContent.Trim()));
        var failing = card.Find("[data-failing]").TextContent;
        Assert.Contains("Failing since 2026-03-26 14:00:00Z", failing, StringComparison.Ordinal);
        Assert.Contains("disabled at 2026-03-26 15:00:00Z", failing, StringComparison.Ordinal);
    }

    [Fact]
    public void A_disabled_endpoint_says_that_only_test_sends_and_send_again_reach_it()
    {
        var endpoint = WebhookEndpoint.Create("http://127.0.0.1:9/webhooks", "Receiver", "dev@example.com", [EventTypes.SoapNoteCreated], SimulatorClockStart);
        var active = Render<EndpointCard>(p => p.Add(c => c.Endpoint, endpoint));
        Assert.Empty(active.FindAll("[data-disabled-reach]"));

        endpoint.Activate(new Account("Practice", Plan.Premium, SimulatorClockStart), SimulatorClockStart);
        endpoint.StartFailing(SimulatorClockStart, TimeSpan.Zero);
        Assert.True(endpoint.DisableIfUnaddressed(SimulatorClockStart));
        var disabled = Render<EndpointCard>(p => p.Add(c => c.Endpoint, endpoint));

        var reach = disabled.Find("[data-disabled-reach]").TextContent;
        Assert.Contains("New events and retries no longer reach it", reach, StringComparison.Ordinal);
        Assert.Contains("Send test", reach, StringComparison.Ordinal);
        Assert.Contains("Send again", reach, StringComparison.Ordinal);
    }

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<EndpointCard> card, string text) =>
        card.FindAll("button").Single(b => b.TextContent.Trim() == text);
}
