using Bunit;
using Simulator.Core.Accounts;
using Simulator.Core.Clock;
using Simulator.Core.Domain;
using Simulator.Core.SoapNotes;
using Simulator.Core.Webhooks;
using Simulator.Tests.TestSupport;
using Simulator.Web.Components.Pages.Deliveries;
using Simulator.Web.Components.Pages.DeveloperSettings;

namespace Simulator.Tests.Web.Components;

public sealed class FaultLabPanelTests : ComponentTestContext
{
    [Fact]
    public async Task The_owner_turns_duplicates_on_and_sees_the_copy_marked_in_the_list()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await Service<AccountService>().ChangePlanAsync(Plan.Premium);
        var endpoint = await AddEndpointAsync(receiver.Url());
        await Service<WebhookEndpointService>().ActivateAsync(endpoint.Id);
        var panel = Render<FaultLabPanel>(p => p.Add(s => s.Endpoint, endpoint));
        Assert.Equal("0", panel.Find("#fault-duplicate-rate").GetAttribute("value"));

        panel.Find("#fault-duplicate-rate").Change("1");
        await panel.Find("form").SubmitAsync();

        panel.WaitForElement("[data-fault-lab-saved]");
        Assert.Equal(1, (await Service<WebhookEndpointService>().FindAsync(endpoint.Id))!.Faults.DuplicateRate);

        await Service<SoapNoteService>().CreateAsync(new SoapNoteInput(), "Olivia Owner");
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await Service<SimulationControl>().WhenIdleAsync(guard.Token);
        await Service<SimulationControl>().AdvanceAsync(FaultSettings.MaxDelay + TimeSpan.FromSeconds(1), guard.Token);
        Assert.Equal(2, receiver.Count);

        var list = Render<DeliveryList>(p => p.Add(l => l.EndpointId, endpoint.Id));
        list.WaitForAssertion(() => Assert.Equal(2, list.FindAll(".delivery-row").Count));
        var badge = Assert.Single(list.FindAll("[data-fault]"));
        var original = (await Service<WebhookActivity>().DeliveriesAsync(new DeliveryFilter(EndpointId: endpoint.Id))).Single(d => !d.IsCopy);
        Assert.Equal("duplicate", badge.GetAttribute("data-fault"));
        Assert.Equal($"Duplicate of #{original.Id}", badge.TextContent.Trim());
    }

    [Fact]
    public async Task A_rate_above_1_shows_a_message_at_the_field_and_changes_nothing()
    {
        var endpoint = await AddEndpointAsync();
        var panel = Render<FaultLabPanel>(p => p.Add(s => s.Endpoint, endpoint));

        panel.Find("#fault-reorder-rate").Change("1.5");
        panel.Find("#fault-duplicate-rate").Change("0.5");
        await panel.Find("form").SubmitAsync();

        var error = panel.WaitForElement("[data-error-for=reorder_rate]");
        Assert.Contains("from 0 (never) to 1", error.TextContent, StringComparison.Ordinal);
        Assert.Contains("is-invalid", panel.Find("#fault-reorder-rate").ClassList);
        Assert.Equal("true", panel.Find("#fault-reorder-rate").GetAttribute("aria-invalid"));
        Assert.DoesNotContain("is-invalid", panel.Find("#fault-duplicate-rate").ClassList);
        Assert.Empty(panel.FindAll("[data-fault-lab-saved]"));
        Assert.Equal(FaultSettings.Off, (await Service<WebhookEndpointService>().FindAsync(endpoint.Id))!.Faults);
    }

    [Fact]
    public async Task Saving_for_an_endpoint_deleted_in_another_tab_says_so_instead_of_breaking_the_page()
    {
        var endpoint = await AddEndpointAsync();
        var panel = Render<FaultLabPanel>(p => p.Add(s => s.Endpoint, endpoint));
        await Service<WebhookEndpointService>().DeleteAsync(endpoint.Id);

        panel.Find("#fault-duplicate-rate").Change("1");
        await panel.Find("form").SubmitAsync();

        var refused = panel.WaitForElement("[data-fault-lab-refused]");
        Assert.Contains("deleted", refused.TextContent, StringComparison.Ordinal);
        Assert.Empty(panel.FindAll("[data-fault-lab-saved]"));
        Assert.False(panel.Find("button[type=submit]").HasAttribute("disabled"));
    }
}
