using Bunit;
using Simulator.Core.Accounts;
using Simulator.Core.Domain;
using Simulator.Core.Webhooks;
using Simulator.Web.Components.Pages.Accounts;

namespace Simulator.Tests.Web.Components;

public sealed class PlanCardTests : ComponentTestContext
{
    [Fact]
    public async Task Upgrade_to_premium_changes_the_plan()
    {
        var card = Render<PlanCard>();

        await card.WaitForElement("button").ClickAsync();

        Assert.Equal(Plan.Premium, (await Service<AccountService>().GetAsync()).Plan);
        card.WaitForAssertion(() => Assert.Equal("Premium plan", card.Find("[data-plan]").TextContent.Trim()));
        Assert.Contains(card.FindAll("button"), b => b.TextContent.Trim() == "Switch to Standard");
    }

    [Fact]
    public async Task Switching_to_standard_says_active_endpoints_will_be_deactivated_and_does_it()
    {
        await Service<AccountService>().ChangePlanAsync(Plan.Premium);
        var endpoint = await AddEndpointAsync();
        await Service<WebhookEndpointService>().ActivateAsync(endpoint.Id);
        var card = Render<PlanCard>();
        card.WaitForAssertion(() => Assert.Contains("now: 1 active endpoint", card.Markup, StringComparison.Ordinal));

        card.FindAll("button").Single(b => b.TextContent.Trim() == "Switch to Standard").Click();
        Assert.Contains("Switching to Standard deactivates 1 active endpoint", card.Find("[data-confirm-downgrade]").TextContent, StringComparison.Ordinal);
        Assert.Equal(Plan.Premium, (await Service<AccountService>().GetAsync()).Plan);

        await card.FindAll("button").Single(b => b.TextContent.Trim() == "Switch to Standard and deactivate").ClickAsync();

        Assert.Equal(Plan.Standard, (await Service<AccountService>().GetAsync()).Plan);
        var after = (await Service<WebhookEndpointService>().FindAsync(endpoint.Id))!;
        Assert.Equal(EndpointStatus.Inactive, after.Status);
        Assert.Equal(AccountService.DowngradeReason, after.StatusReason);
    }
}
