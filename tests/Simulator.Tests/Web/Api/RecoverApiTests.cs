using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Simulator.Core.Payloads;

namespace Simulator.Tests.Web.Api;

/// <summary><c>POST /api/webhook-endpoints/{id}/recover {"since": ...}</c>: catching up after a receiver's outage.</summary>
public sealed class RecoverApiTests
{
    [Fact]
    public async Task Recover_sends_again_only_the_live_failed_and_cancelled_deliveries_since_the_moment_with_their_exact_bytes()
    {
        await using var h = await ApiHarness.StartAsync();
        await h.UpgradeAsync();
        h.Receiver.RespondWith(500);
        var id = await h.CreateEndpointAsync(activate: true);
        var other = await h.CreateEndpointAsync(url: h.Receiver.Url("/other"), activate: true);

        var before = await CreateNoteAsync(h);                     // raised a minute before `since`: left alone
        await h.App.Control.AdvanceAsync(TimeSpan.FromMinutes(1));
        var since = WebhookPayload.FormatTimestamp(h.App.Clock.GetUtcNow());
        var atSince = await CreateNoteAsync(h);                    // raised exactly at `since`: recovered
        var patched = await RaiseAsync(h, h.Owner.PatchAsync("/api/soap-notes/3", ApiHarness.Json("""{"name":"Cancelled later"}""")));
        var cancelled = await DeliveryAsync(h, patched, id);
        (await h.Owner.PostAsync($"/api/deliveries/{cancelled.GetProperty("id").GetInt64()}/cancel", null)).EnsureSuccessStatusCode();
        (await h.Owner.PutAsync($"/api/webhook-endpoints/{id}/faults", ApiHarness.Json("""{"concurrent_duplicate_rate":1}"""))).EnsureSuccessStatusCode();
        var copied = await CreateNoteAsync(h);                     // its concurrent copy fails too, and is no live delivery
        await h.App.Control.WhenIdleAsync();
        (await h.Owner.PutAsync($"/api/webhook-endpoints/{id}/faults", ApiHarness.Json("""{"concurrent_duplicate_rate":0}"""))).EnsureSuccessStatusCode();
        (await h.Owner.PostAsJsonAsync($"/api/webhook-endpoints/{id}/test", new { event_type = "soap_note.created" })).EnsureSuccessStatusCode(); // a failed test send
        h.Receiver.RespondWith(200);
        var succeeded = await CreateNoteAsync(h);                  // succeeded: nothing to recover
        h.Receiver.RespondWith(500);
        await h.App.Control.AdvanceAsync(TimeSpan.FromHours(12) + TimeSpan.FromMinutes(10)); // the retry window runs out: failed
        h.Receiver.RespondWith(200);
        var deliveries = await ApiHarness.ReadAsync(await h.Owner.GetAsync($"/api/deliveries?endpoint_id={id}"));
        Assert.Contains(deliveries.EnumerateArray(), d => d.GetProperty("fault").GetString() == "concurrent_duplicate" && d.GetProperty("status").GetString() == "failed");
        Assert.Contains(deliveries.EnumerateArray(), d => d.GetProperty("is_test").GetBoolean() && d.GetProperty("status").GetString() == "failed");
        var expected = new[] { await DeliveryAsync(h, atSince, id), await DeliveryAsync(h, patched, id), await DeliveryAsync(h, copied, id) };
        Assert.Equal(["failed", "cancelled", "failed"], expected.Select(d => d.GetProperty("status").GetString()));
        Assert.Equal("failed", (await DeliveryAsync(h, before, id)).GetProperty("status").GetString());
        Assert.Equal("succeeded", (await DeliveryAsync(h, succeeded, id)).GetProperty("status").GetString());
        Assert.Equal("failed", (await DeliveryAsync(h, atSince, other)).GetProperty("status").GetString());
        var received = h.Receiver.Count;

        var response = await h.Owner.PostAsync($"/api/webhook-endpoints/{id}/recover", ApiHarness.Json($$"""{"since":"{{since}}"}"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var recovered = await ApiHarness.ReadAsync(response);
        Assert.Equal(["recovered", "delivery_ids"], recovered.EnumerateObject().Select(p => p.Name));
        Assert.Equal(3, recovered.GetProperty("recovered").GetInt32());
        Assert.Equal(expected.Select(d => d.GetProperty("id").GetInt64()), recovered.GetProperty("delivery_ids").EnumerateArray().Select(d => d.GetInt64()));
        await h.App.Control.WhenIdleAsync();
        var resent = h.Receiver.Requests.Skip(received).ToList();
        Assert.All(resent, r => Assert.Equal("/webhooks", r.Path));
        var payloads = new List<string>();
        foreach (var eventId in new[] { atSince, patched, copied })
        {
            payloads.Add((await ApiHarness.ReadAsync(await h.Owner.GetAsync($"/api/events/{eventId}"))).GetProperty("payload").GetString()!);
        }
        Assert.Equal(payloads.Order(StringComparer.Ordinal), resent.Select(r => r.Body).Order(StringComparer.Ordinal));
        foreach (var delivery in expected)
        {
            var now = await ApiHarness.ReadAsync(await h.Owner.GetAsync($"/api/deliveries/{delivery.GetProperty("id").GetInt64()}"));
            Assert.Equal("succeeded", now.GetProperty("status").GetString());
        }
        Assert.Equal("failed", (await DeliveryAsync(h, before, id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Nothing_to_recover_is_202_with_none()
    {
        await using var h = await ApiHarness.StartAsync();
        var id = await h.CreateEndpointAsync();
        var response = await h.Owner.PostAsync($"/api/webhook-endpoints/{id}/recover", ApiHarness.Json("""{"since":"2026-01-01T00:00:00Z"}"""));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var recovered = await ApiHarness.ReadAsync(response);
        Assert.Equal(0, recovered.GetProperty("recovered").GetInt32());
        Assert.Equal(0, recovered.GetProperty("delivery_ids").GetArrayLength());
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"since":null}""")]
    [InlineData("""{"since":"yesterday"}""")]
    [InlineData("""{"since":1774533600}""")]
    [InlineData(null)]
    public async Task A_bad_or_missing_since_is_400_naming_it(string? body)
    {
        await using var h = await ApiHarness.StartAsync();
        var id = await h.CreateEndpointAsync();
        var response = await h.Owner.PostAsync($"/api/webhook-endpoints/{id}/recover", body is null ? null : ApiHarness.Json(body));
        await ApiHarness.AssertFieldErrorAsync(response, "since");
    }

    [Fact]
    public async Task An_unknown_endpoint_is_404_and_only_the_owner_may_recover()
    {
        await using var h = await ApiHarness.StartAsync();
        var id = await h.CreateEndpointAsync();
        var body = """{"since":"2026-01-01T00:00:00Z"}""";
        await ApiHarness.AssertProblemAsync(await h.Owner.PostAsync("/api/webhook-endpoints/77/recover", ApiHarness.Json(body)), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Forbidden, (await h.Practitioner.PostAsync($"/api/webhook-endpoints/{id}/recover", ApiHarness.Json(body))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await h.Anonymous.PostAsync($"/api/webhook-endpoints/{id}/recover", ApiHarness.Json(body))).StatusCode);
    }

    private static Task<long> CreateNoteAsync(ApiHarness h) => RaiseAsync(h, h.Owner.PostAsync("/api/soap-notes", ApiHarness.Json("{}")));

    /// <summary>The event the save raised, once its first attempts are done.</summary>
    private static async Task<long> RaiseAsync(ApiHarness h, Task<HttpResponseMessage> save)
    {
        var response = await save;
        response.EnsureSuccessStatusCode();
        await h.App.Control.WhenIdleAsync();
        return long.Parse(response.Headers.GetValues("X-Simulator-Event-Id").Single(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The live delivery (not a copy) of the event to the endpoint.</summary>
    private static async Task<JsonElement> DeliveryAsync(ApiHarness h, long eventId, int endpointId) =>
        (await ApiHarness.ReadAsync(await h.Owner.GetAsync($"/api/deliveries?event_id={eventId}&endpoint_id={endpointId}")))
            .EnumerateArray().Single(d => d.GetProperty("duplicate_of").ValueKind == JsonValueKind.Null);
}
