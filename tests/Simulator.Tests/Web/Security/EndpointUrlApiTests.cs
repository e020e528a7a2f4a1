using System.Net;
using System.Net.Http.Json;
using Simulator.Tests.Web.Api;

namespace Simulator.Tests.Web.Security;

/// <summary>The API refuses an endpoint URL that is not printable or has no real port, and keeps the normalised form of a good one.</summary>
public sealed class EndpointUrlApiTests
{
    [Fact]
    public async Task A_url_with_a_control_character_or_port_0_is_a_400_naming_url_on_create_and_change_and_changes_nothing()
    {
        await using var h = await ApiHarness.StartAsync();
        var id = await h.CreateEndpointAsync();
        string[] refused = [h.Receiver.Url("/web\nhooks"), h.Receiver.Url("/webhooks\u0000"), h.Receiver.Url("/web\thooks"), "http://127.0.0.1:0/webhooks"];

        foreach (var url in refused)
        {
            await ApiHarness.AssertFieldErrorAsync(
                await h.Owner.PostAsJsonAsync("/api/webhook-endpoints", new { url, contact_email = "dev@example.com", enabled_events = new[] { "soap_note.created" } }),
                "url");
            await ApiHarness.AssertFieldErrorAsync(await h.Owner.PatchAsJsonAsync($"/api/webhook-endpoints/{id}", new { url }), "url");
        }

        Assert.Equal(1, await h.CountAsync("/api/webhook-endpoints"));
        Assert.Equal(h.Receiver.Url(), (await ApiHarness.ReadAsync(await h.Owner.GetAsync($"/api/webhook-endpoints/{id}"))).GetProperty("url").GetString());
    }

    [Fact]
    public async Task The_normalised_absolute_url_is_stored_and_answered()
    {
        await using var h = await ApiHarness.StartAsync();
        var port = new Uri(h.Receiver.BaseUrl).Port;

        var created = await h.Owner.PostAsJsonAsync("/api/webhook-endpoints", new
        {
            url = $" HTTP://127.0.0.1:{port}{h.Receiver.PathBase}/a b/../webhooks ",
            contact_email = "dev@example.com",
            enabled_events = new[] { "soap_note.created" },
        });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await ApiHarness.ReadAsync(created)).GetProperty("id").GetInt32();
        Assert.Equal(h.Receiver.Url(), (await ApiHarness.ReadAsync(await h.Owner.GetAsync($"/api/webhook-endpoints/{id}"))).GetProperty("url").GetString());
    }
}
