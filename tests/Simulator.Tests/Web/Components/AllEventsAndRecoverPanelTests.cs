using Bunit;
using Simulator.Core.Domain;
using Simulator.Core.Webhooks;
using Simulator.Web.Components.Pages.DeveloperSettings;

namespace Simulator.Tests.Web.Components;

/// <summary>"All events (present and future)" in the endpoint form and card; the recover panel's refusal.</summary>
public sealed class AllEventsAndRecoverPanelTests : ComponentTestContext
{
    [Fact]
    public void Ticking_all_events_saves_star_with_the_named_types_shown_ticked_and_locked()
    {
        EndpointFormModel? saved = null;
        var model = new EndpointFormModel { Url = "https://example.com/webhooks", ContactEmail = "dev@example.com" };
        model.EnabledEvents.Add(EventTypes.SoapNoteCreated);
        var form = Render<EndpointForm>(p => p
            .Add(f => f.Model, model)
            .Add(f => f.OnValidSubmit, (EndpointFormModel m) => saved = m));

        form.Find("#event-all").Change(true);

        Assert.Contains("All events (present and future)", form.Find("label[for=event-all]").TextContent, StringComparison.Ordinal);
        Assert.All(form.FindAll("#event-soap_note-created, #event-soap_note-updated"), box =>
        {
            Assert.True(box.HasAttribute("disabled"));
            Assert.True(box.HasAttribute("checked"));
        });
        form.Find("form").Submit();
        Assert.Equal([EventTypes.Wildcard], saved!.OrderedEvents);
    }

    [Fact]
    public async Task An_endpoint_on_all_events_reads_so_in_its_card()
    {
        var endpoint = await Service<WebhookEndpointService>().CreateAsync("https://example.com/webhooks", null, "dev@example.com", [EventTypes.Wildcard]);

        var card = Render<EndpointCard>(p => p.Add(c => c.Endpoint, endpoint));

        Assert.Equal("All events (present and future)", card.Find("[data-all-events]").TextContent);
    }

    [Fact]
    public async Task Recovering_with_no_moment_is_refused_at_the_field_and_nothing_is_sent()
    {
        var endpoint = await Service<WebhookEndpointService>().CreateAsync("https://example.com/webhooks", null, "dev@example.com", EventTypes.All);
        var panel = Render<RecoverPanel>(p => p.Add(r => r.Endpoint, endpoint));

        panel.Find("#recover-since").Change("");
        await panel.Find("form").SubmitAsync();

        Assert.Equal("Choose the moment to recover from.", panel.Find("[data-error-for=since]").TextContent);
        Assert.Empty(panel.FindAll("[data-recovered]"));
    }

    [Fact]
    public async Task Recovering_when_nothing_failed_says_so()
    {
        var endpoint = await Service<WebhookEndpointService>().CreateAsync("https://example.com/webhooks", null, "dev@example.com", EventTypes.All);
        var panel = Render<RecoverPanel>(p => p.Add(r => r.Endpoint, endpoint));

        await panel.Find("form").SubmitAsync();

        Assert.Contains("Nothing to recover", panel.WaitForElement("[data-recovered]").TextContent, StringComparison.Ordinal);
    }
}
