using Bunit;
using Simulator.Core.SoapNotes;
using Simulator.Web.Components.Pages.SoapNotes;

namespace Simulator.Tests.Web.Components;

public sealed class SoapNoteTests : ComponentTestContext
{
    [Fact]
    public void A_new_note_form_is_prefilled_with_a_generated_note()
    {
        var page = Render<NewSoapNote>();

        page.WaitForElement("[data-soap-note-form]");
        Assert.False(string.IsNullOrWhiteSpace(page.Find("#note-name").GetAttribute("value")));
        Assert.NotEqual("0", page.Find("#note-client").GetAttribute("value"));
        Assert.NotEmpty(page.FindAll("[data-exercise-row]"));
    }

    [Fact]
    public async Task Saving_a_new_note_reports_the_event_it_raised_and_that_it_went_nowhere_without_an_active_endpoint()
    {
        var page = Render<NewSoapNote>();
        page.WaitForElement("[data-soap-note-form]");
        page.Find("#note-name").Input("Knee Rehabilitation");

        await page.Find("form").SubmitAsync();

        var note = (await Service<SoapNoteService>().ListAsync()).First();
        Assert.Equal("Knee Rehabilitation", note.Name);
        Assert.Equal("Olivia Owner", note.CreatedBy);
        var details = Render<SoapNoteDetails>(p => p.Add(d => d.Id, note.Id)); // ?raised= is in the address it went to
        var report = details.WaitForElement("[data-raised-event]");
        Assert.Equal("soap_note.created", report.GetAttribute("data-raised-event"));
        Assert.NotNull(report.QuerySelector("[data-went-nowhere]"));
    }

    [Fact]
    public void A_name_is_required_as_you_type()
    {
        var page = Render<NewSoapNote>();
        page.WaitForElement("[data-soap-note-form]");

        page.Find("#note-name").Input("");

        Assert.Contains("The name is required", page.Find("[data-error-for=name]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Make_a_random_change_raises_soap_note_updated()
    {
        var note = (await Service<SoapNoteService>().ListAsync()).First();
        var details = Render<SoapNoteDetails>(p => p.Add(d => d.Id, note.Id));
        details.WaitForElement("[data-soap-note]");

        await details.FindAll("button").Single(b => b.TextContent.Trim() == "Make a random change").ClickAsync();

        Assert.Contains($"soap-notes/{note.Id}?raised=", Navigation.Uri, StringComparison.Ordinal);
        var raised = await Service<Simulator.Core.Webhooks.WebhookActivity>().EventAsync(RaisedEventId());
        Assert.Equal(Simulator.Core.Domain.EventTypes.SoapNoteUpdated, raised!.Event.Type);
        Assert.Equal(note.Id, raised.Event.ObjectId);
    }

    private long RaisedEventId() => long.Parse(Navigation.Uri.Split("raised=")[1], System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_cleared_seen_at_is_marked_next_to_the_field_and_nothing_is_saved()
    {
        var before = (await Service<SoapNoteService>().ListAsync()).Count;
        var page = Render<NewSoapNote>();
        page.WaitForElement("[data-soap-note-form]");

        page.Find("#note-seen-at").Change("");
        await page.Find("form").SubmitAsync();

        Assert.Contains("is-invalid", page.Find("#note-seen-at").ClassList);
        Assert.Contains("When the client was seen is required", page.Find("[data-error-for=seen_at]").TextContent, StringComparison.Ordinal);
        Assert.Equal(before, (await Service<SoapNoteService>().ListAsync()).Count);
    }

    [Fact]
    public async Task A_number_out_of_range_is_marked_on_its_own_field_in_words()
    {
        var before = (await Service<SoapNoteService>().ListAsync()).Count;
        var page = Render<NewSoapNote>();
        page.WaitForElement("[data-exercise-row]");

        page.Find("#ex-0-reps").Change("5000");

        Assert.Contains("is-invalid", page.Find("#ex-0-reps").ClassList);
        Assert.Equal("Reps: 0 to 1000.", page.Find("[data-error-for='exercise_prescriptions[0].reps']").TextContent.Trim());
        Assert.DoesNotContain("is-invalid", page.Find("#ex-0-sets").ClassList);

        await page.Find("form").SubmitAsync();

        Assert.Equal(before, (await Service<SoapNoteService>().ListAsync()).Count);
        Assert.DoesNotContain("exercise_prescriptions", page.Find("[data-form-errors]").TextContent, StringComparison.Ordinal);
    }
}
