using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Simulator.Tests.Web.Api;

/// <summary><c>enabled_events: ["*"]</c>: every event type, present and future.</summary>
public sealed class AllEventsApiTests
{
    [Fact]
    public async Task An_endpoint_subscribed_to_all_events_receives_both_types_over_real_http()
    {
        await using var h = await ApiHarness.StartAsync();
        await h.UpgradeAsync();
        var id = await h.CreateEndpointAsync(events: ["*"], activate: true);
        var endpoint = await ApiHarness.ReadAsync(await h.Owner.GetAsync($"/api/webhook-endpoints/{id}"));
        Assert.Equal(["*"], endpoint.GetProperty("enabled_events").EnumerateArray().Select(e => e.GetString()));

        var created = await ApiHarness.ReadAsync(await h.Owner.PostAsync("/api/soap-notes", ApiHarness.Json("{}")));
        await h.Receiver.WaitForRequestsAsync(1);
        (await h.Owner.PatchAsync($"/api/soap-notes/{created.GetProperty("id").GetInt32()}", ApiHarness.Json("{}"))).EnsureSuccessStatusCode();
        await h.Receiver.WaitForRequestsAsync(2);

        Assert.Equal(
            ["soap_note.created", "soap_note.updated"],
            h.Receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task All_events_with_named_types_is_all_events_and_an_unknown_type_is_still_refused()
    {
        await using var h = await ApiHarness.StartAsync();
        var id = await h.CreateEndpointAsync(events: ["soap_note.created", "*"]);
        var endpoint = await ApiHarness.ReadAsync(await h.Owner.GetAsync($"/api/webhook-endpoints/{id}"));
        Assert.Equal(["*"], endpoint.GetProperty("enabled_events").EnumerateArray().Select(e => e.GetString()));

        var changed = await h.Owner.PatchAsJsonAsync($"/api/webhook-endpoints/{id}", new { enabled_events = new[] { "soap_note.updated" } });
        Assert.Equal(["soap_note.updated"], (await ApiHarness.ReadAsync(changed)).GetProperty("enabled_events").EnumerateArray().Select(e => e.GetString()));
        await ApiHarness.AssertFieldErrorAsync(
            await h.Owner.PatchAsJsonAsync($"/api/webhook-endpoints/{id}", new { enabled_events = new[] { "soap_note.*" } }), "enabled_events");
        Assert.Equal(HttpStatusCode.OK, (await h.Owner.GetAsync($"/api/webhook-endpoints/{id}")).StatusCode);
    }
}
