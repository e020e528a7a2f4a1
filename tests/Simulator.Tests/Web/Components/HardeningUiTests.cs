using Bunit;
using Microsoft.EntityFrameworkCore;
using Simulator.Core.Persistence;
using Simulator.Core.SoapNotes;
using Simulator.Core.Webhooks;
using Simulator.Web.Components.Pages.Deliveries;
using Simulator.Web.Components.Pages.DeveloperSettings;
using Simulator.Web.Components.Pages.SoapNotes;

namespace Simulator.Tests.Web.Components;

/// <summary>Small holes of issue 14: what a crafted address or a deleted endpoint could do to a page.</summary>
public sealed class HardeningUiTests : ComponentTestContext
{
    [Fact]
    public async Task A_note_page_reports_only_an_event_of_that_note_whatever_raised_says()
    {
        var notes = Service<SoapNoteService>();
        var (mine, _) = await notes.CreateAsync(new SoapNoteInput(), "Pat Practitioner");
        var (_, other) = await notes.CreateAsync(new SoapNoteInput(), "Olivia Owner");
        var (_, own) = await notes.UpdateAsync(mine.Id, new SoapNoteInput());
        SignInAsPractitioner();

        Navigation.NavigateTo($"soap-notes/{mine.Id}?raised={other.EventId}");
        var crafted = Render<SoapNoteDetails>(p => p.Add(d => d.Id, mine.Id));
        crafted.WaitForElement("[data-soap-note]");
        Assert.Empty(crafted.FindAll("[data-raised-event]"));
        Assert.DoesNotContain($"event #{other.EventId}", crafted.Markup, StringComparison.Ordinal);

        Navigation.NavigateTo($"soap-notes/{mine.Id}?raised={own.EventId}");
        var honest = Render<SoapNoteDetails>(p => p.Add(d => d.Id, mine.Id));
        Assert.Equal("soap_note.updated", honest.WaitForElement("[data-raised-event]").GetAttribute("data-raised-event"));
    }

    [Fact]
    public void An_endpoint_url_with_credentials_gets_a_field_message()
    {
        var form = Render<EndpointForm>(p => p.Add(f => f.Model, new EndpointFormModel()));

        form.Find("#endpoint-url").Input("https://user:secret@example.com/webhooks");

        Assert.Contains("user name or password", form.Find("[data-error-for=url]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_test_to_an_endpoint_deleted_meanwhile_says_so_instead_of_crashing()
    {
        var endpoint = await AddEndpointAsync();
        var panel = Render<SendTestPanel>(p => p.Add(s => s.Endpoint, endpoint));
        await Service<WebhookEndpointService>().DeleteAsync(endpoint.Id);

        await panel.Find("form").SubmitAsync();

        Assert.Contains("deleted", panel.WaitForElement("[role=alert]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_delivery_without_attempts_whose_endpoint_is_gone_shows_and_refuses_send_again_plainly()
    {
        var endpoint = await AddEndpointAsync();
        var delivery = await AddWaitingDeliveryAsync(endpoint);
        await using (var db = await Service<IDbContextFactory<SimulatorDbContext>>().CreateDbContextAsync())
        {
            db.WebhookEndpoints.Remove(await db.WebhookEndpoints.SingleAsync(e => e.Id == endpoint.Id));
            await db.SaveChangesAsync();
        }
        var page = Render<DeliveryDetails>(p => p.Add(d => d.Id, delivery.Id));
        Assert.Equal("0", page.WaitForElement("[data-attempt-count]").TextContent.Trim());

        await page.FindAll("button").Single(b => b.TextContent.Trim() == "Send again").ClickAsync();

        page.WaitForAssertion(() => Assert.Contains("deleted", page.Find("[role=status]").TextContent, StringComparison.Ordinal));
        Assert.Empty((await Service<WebhookActivity>().DeliveryAsync(delivery.Id))!.Attempts);
    }
}
