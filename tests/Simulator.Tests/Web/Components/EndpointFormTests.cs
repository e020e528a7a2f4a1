using Bunit;
using Simulator.Core.Domain;
using Simulator.Core.Webhooks;
using Simulator.Web.Components.Pages.DeveloperSettings;

namespace Simulator.Tests.Web.Components;

public sealed class EndpointFormTests : ComponentTestContext
{
    [Fact]
    public void Url_error_shows_as_you_type_and_clears_once_the_url_is_valid()
    {
        var form = Render<EndpointForm>(p => p.Add(f => f.Model, new EndpointFormModel()));
        var url = form.Find("#endpoint-url");

        url.Input("example.com/webhooks");
        Assert.Equal(WebhookEndpoint.UrlError("example.com/webhooks"), form.Find("[data-error-for=url]").TextContent.Trim());
        Assert.Contains("is-invalid", form.Find("#endpoint-url").ClassList);

        form.Find("#endpoint-url").Input("ftp://example.com/webhooks");
        Assert.Contains("http://", form.Find("[data-error-for=url]").TextContent);

        form.Find("#endpoint-url").Input("https://example.com/webhooks");
        Assert.Empty(form.Find("[data-error-for=url]").TextContent.Trim());
        Assert.Contains("is-valid", form.Find("#endpoint-url").ClassList);
    }

    [Theory]
    [InlineData("http://127.0.0.1:3000/web\thooks", "control characters")]
    [InlineData("http://127.0.0.1:0/webhooks", "port")]
    public void A_url_with_a_control_character_or_port_0_gets_a_field_message_and_is_not_saved(string url, string words)
    {
        var saved = false;
        var model = new EndpointFormModel { ContactEmail = "dev@example.com" };
        model.EnabledEvents.Add(EventTypes.SoapNoteCreated);
        var form = Render<EndpointForm>(p => p.Add(f => f.Model, model).Add(f => f.OnValidSubmit, (EndpointFormModel _) => saved = true));

        form.Find("#endpoint-url").Input(url);
        form.Find("form").Submit();

        Assert.Contains(words, form.Find("[data-error-for=url]").TextContent, StringComparison.Ordinal);
        Assert.Contains("is-invalid", form.Find("#endpoint-url").ClassList);
        Assert.False(saved);
    }

    [Fact]
    public void A_new_endpoint_is_subscribed_to_what_the_readme_walkthrough_says_soap_note_created()
    {
        var page = Render<NewEndpoint>();

        var created = page.WaitForElement("#event-soap_note-created");
        Assert.True(created.HasAttribute("checked"));
        Assert.False(page.Find("#event-soap_note-updated").HasAttribute("checked"));
    }

    [Fact]
    public void Untouched_fields_show_no_error_before_saving()
    {
        var form = Render<EndpointForm>(p => p.Add(f => f.Model, new EndpointFormModel()));

        Assert.All(form.FindAll(".invalid-feedback"), e => Assert.Empty(e.TextContent.Trim()));
    }

    [Fact]
    public void A_contact_email_is_required_and_nothing_is_saved_without_one()
    {
        var saved = false;
        var model = new EndpointFormModel { Url = "https://example.com/webhooks" };
        model.EnabledEvents.Add(EventTypes.SoapNoteCreated);
        var form = Render<EndpointForm>(p => p
            .Add(f => f.Model, model)
            .Add(f => f.OnValidSubmit, (EndpointFormModel _) => saved = true));

        form.Find("form").Submit();

        Assert.False(saved);
        Assert.Equal(WebhookEndpoint.EmailError(null), form.Find("[data-error-for=contact_email]").TextContent.Trim());

        form.Find("#endpoint-email").Input("dev@example");
        Assert.Equal(WebhookEndpoint.EmailError("dev@example"), form.Find("[data-error-for=contact_email]").TextContent.Trim());
    }

    [Fact]
    public void At_least_one_event_type_is_required()
    {
        var saved = false;
        var model = new EndpointFormModel { Url = "https://example.com/webhooks", ContactEmail = "dev@example.com" };
        model.EnabledEvents.Add(EventTypes.SoapNoteCreated);
        var form = Render<EndpointForm>(p => p
            .Add(f => f.Model, model)
            .Add(f => f.OnValidSubmit, (EndpointFormModel _) => saved = true));

        form.Find("#event-soap_note-created").Change(false);
        Assert.Contains("at least one event type", form.Find("[data-error-for=enabled_events]").TextContent);

        form.Find("form").Submit();
        Assert.False(saved);

        form.Find("#event-soap_note-updated").Change(true);
        form.Find("form").Submit();
        Assert.True(saved);
        Assert.Equal([EventTypes.SoapNoteUpdated], model.OrderedEvents);
    }

    [Fact]
    public void A_demo_receiver_choice_fills_the_url_from_the_simulators_own_address()
    {
        var model = new EndpointFormModel();
        var form = Render<EndpointForm>(p => p.Add(f => f.Model, model));

        form.FindAll(".quick-urls button").Single(b => b.TextContent.Contains("Always fails", StringComparison.Ordinal)).Click();

        Assert.Equal(Navigation.BaseUri + "demo-receiver/fail", model.Url);
        Assert.Equal(Navigation.BaseUri + "demo-receiver/fail", form.Find("#endpoint-url").GetAttribute("value"));
    }

    [Fact]
    public void A_localhost_url_in_a_container_points_to_host_docker_internal()
    {
        Configuration["DOTNET_RUNNING_IN_CONTAINER"] = "true";
        var model = new EndpointFormModel();
        var form = Render<EndpointForm>(p => p.Add(f => f.Model, model));

        form.Find("#endpoint-url").Input("http://localhost:5005/webhooks");
        var hint = form.Find("[data-container-hint]");
        Assert.Contains("host.docker.internal", hint.TextContent);

        hint.QuerySelector("button")!.Click();
        Assert.Equal("http://host.docker.internal:5005/webhooks", model.Url);
        Assert.Empty(form.FindAll("[data-container-hint]"));
    }

    [Fact]
    public void Outside_a_container_localhost_gets_no_hint()
    {
        var form = Render<EndpointForm>(p => p.Add(f => f.Model, new EndpointFormModel()));

        form.Find("#endpoint-url").Input("http://127.0.0.1:5005/webhooks");

        Assert.Empty(form.FindAll("[data-container-hint]"));
    }

    [Fact]
    public async Task Adding_an_endpoint_saves_it_inactive_and_opens_it()
    {
        var page = Render<NewEndpoint>();
        page.Find("#endpoint-url").Input("https://example.com/webhooks");
        page.Find("#endpoint-email").Input("dev@example.com");

        await page.Find("form").SubmitAsync();

        var endpoint = Assert.Single(await Service<WebhookEndpointService>().ListAsync());
        Assert.Equal(EndpointStatus.Inactive, endpoint.Status);
        Assert.Equal([EventTypes.SoapNoteCreated], endpoint.EnabledEvents); // as ticked at first
        Assert.EndsWith($"settings/developer/endpoints/{endpoint.Id}", Navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_url_another_endpoint_has_is_a_warning_and_still_saves()
    {
        var existing = await AddEndpointAsync("https://example.com/webhooks");
        var page = Render<NewEndpoint>();
        page.WaitForElement("#endpoint-url");

        page.Find("#endpoint-url").Input("https://EXAMPLE.com/webhooks");
        page.Find("#endpoint-email").Input("dev@example.com");

        var warning = page.WaitForElement("[data-url-warning]");
        Assert.Contains($"Endpoint {existing.Id} already has this URL", warning.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("is-invalid", page.Find("#endpoint-url").ClassList);

        await page.Find("form").SubmitAsync();

        Assert.Equal(2, (await Service<WebhookEndpointService>().ListAsync()).Count);
    }

    [Fact]
    public async Task Editing_an_endpoint_does_not_warn_about_its_own_url()
    {
        var endpoint = await AddEndpointAsync("https://example.com/webhooks");

        var page = Render<EditEndpoint>(p => p.Add(e => e.Id, endpoint.Id));

        page.WaitForElement("#endpoint-url");
        Assert.Empty(page.FindAll("[data-url-warning]"));
    }

    [Fact]
    public void The_placeholders_read_as_hints_not_as_values()
    {
        var form = Render<EndpointForm>(p => p.Add(f => f.Model, new EndpointFormModel()));

        Assert.DoesNotContain("@", form.Find("#endpoint-email").GetAttribute("placeholder"), StringComparison.Ordinal);
        Assert.False(Uri.TryCreate(form.Find("#endpoint-url").GetAttribute("placeholder"), UriKind.Absolute, out _));
    }
}
