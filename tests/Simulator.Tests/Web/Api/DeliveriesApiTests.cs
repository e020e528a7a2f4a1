using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Simulator.Tests.Web.Api;

public sealed class DeliveriesApiTests(SharedApiHarness shared) : IClassFixture<SharedApiHarness>
{
    private static readonly string[] DeliveryKeys =
    [
        "id", "event_id", "endpoint_id", "event_type", "is_test", "status", "attempt_count", "next_attempt_at", "completed_at", "fault", "duplicate_of", "attempts",
    ];

    private static readonly string[] AttemptKeys = ["number", "url", "started_at", "duration_ms", "status_code", "error", "response_body"];

    [Fact]
    public async Task A_raised_event_lists_its_deliveries_with_attempts_and_filters_apply()
    {
        await using var h = await ApiHarness.StartAsync();
        await h.UpgradeAsync();
        var subscribed = await h.CreateEndpointAsync(activate: true);
        var other = await h.CreateEndpointAsync(url: h.Receiver.Url("/other"), events: ["soap_note.updated"], activate: true);
        var created = await h.Owner.PostAsync("/api/soap-notes", ApiHarness.Json("{}"));
        var eventId = created.Headers.GetValues("X-Simulator-Event-Id").Single();
        await h.Receiver.WaitForRequestsAsync(1);
        await h.App.Control.WhenIdleAsync();

        var deliveries = await ApiHarness.ReadAsync(await h.Owner.GetAsync($"/api/deliveries?event_id={eventId}"));
        var delivery = Assert.Single(deliveries.EnumerateArray());
        Assert.Equal(DeliveryKeys, delivery.EnumerateObject().Select(p => p.Name));
        Assert.Equal(subscribed, delivery.GetProperty("endpoint_id").GetInt32());
        Assert.Equal("succeeded", delivery.GetProperty("status").GetString());
        var attempt = Assert.Single(delivery.GetProperty("attempts").EnumerateArray());
        Assert.Equal(AttemptKeys, attempt.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, attempt.GetProperty("number").GetInt32());
        Assert.Equal(h.Receiver.Url(), attempt.GetProperty("url").GetString());

        Assert.Empty((await ApiHarness.ReadAsync(await h.Owner.GetAsync($"/api/deliveries?endpoint_id={other}"))).EnumerateArray());
        Assert.Single((await ApiHarness.ReadAsync(await h.Owner.GetAsync("/api/deliveries?status=succeeded"))).EnumerateArray());
        Assert.Empty((await ApiHarness.ReadAsync(await h.Owner.GetAsync("/api/deliveries?status=failed"))).EnumerateArray());
        var one = await ApiHarness.ReadAsync(await h.Owner.GetAsync($"/api/deliveries/{delivery.GetProperty("id").GetInt64()}"));
        Assert.Equal(delivery.GetRawText(), one.GetRawText());

        // the attempt keeps where it was sent when the endpoint's URL changes later
        var moved = await h.Owner.PatchAsync($"/api/webhook-endpoints/{subscribed}", JsonContent.Create(new { url = h.Receiver.Url("/moved") }));
        moved.EnsureSuccessStatusCode();
        var after = await ApiHarness.ReadAsync(await h.Owner.GetAsync($"/api/deliveries/{delivery.GetProperty("id").GetInt64()}"));
        Assert.Equal(h.Receiver.Url(), Assert.Single(after.GetProperty("attempts").EnumerateArray()).GetProperty("url").GetString());
    }

    [Theory]
    [InlineData("/api/deliveries?status=lost", "status")]
    [InlineData("/api/deliveries?endpoint_id=abc", "endpoint_id")]
    public async Task A_bad_filter_is_400(string path, string field)
    {
        var h = shared.Harness;
        var response = await h.Owner.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(field, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_delivery_and_event_ids_are_404()
    {
        var h = shared.Harness;
        await ApiHarness.AssertProblemAsync(await h.Owner.GetAsync("/api/deliveries/999"), HttpStatusCode.NotFound);
        await ApiHarness.AssertProblemAsync(await h.Owner.PostAsync("/api/deliveries/999/retry", null), HttpStatusCode.NotFound);
        await ApiHarness.AssertProblemAsync(await h.Owner.PostAsync("/api/deliveries/999/cancel", null), HttpStatusCode.NotFound);
        await ApiHarness.AssertProblemAsync(await h.Owner.GetAsync("/api/events/999"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_failing_delivery_waits_for_its_retry_can_be_sent_again_and_stopped()
    {
        await using var h = await ApiHarness.StartAsync();
        h.Receiver.RespondWith(500, "boom");
        await h.UpgradeAsync();
        await h.CreateEndpointAsync(activate: true);
        (await h.Owner.PostAsync("/api/soap-notes", ApiHarness.Json("{}"))).EnsureSuccessStatusCode();
        await h.Receiver.WaitForRequestsAsync(1);
        await h.App.Control.WhenIdleAsync();

        var pending = (await ApiHarness.ReadAsync(await h.Owner.GetAsync("/api/deliveries?status=pending")))[0];
        var id = pending.GetProperty("id").GetInt64();
        Assert.Equal(1, pending.GetProperty("attempt_count").GetInt32());
        Assert.Equal(JsonValueKind.String, pending.GetProperty("next_attempt_at").ValueKind);
        Assert.Equal("HTTP 500", pending.GetProperty("attempts")[0].GetProperty("error").GetString());

        var retried = await ApiHarness.ReadAsync(await h.Owner.PostAsync($"/api/deliveries/{id}/retry", null));
        Assert.Equal(2, retried.GetProperty("attempt_count").GetInt32());
        Assert.Equal([1, 2], retried.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("number").GetInt32()));
        Assert.Equal("pending", retried.GetProperty("status").GetString());
        Assert.Equal(2, h.Receiver.Count);

        var cancelled = await ApiHarness.ReadAsync(await h.Owner.PostAsync($"/api/deliveries/{id}/cancel", null));
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, cancelled.GetProperty("next_attempt_at").ValueKind);

        await h.App.Control.AdvanceAsync(TimeSpan.FromHours(13));
        Assert.Equal(2, h.Receiver.Count);
        await ApiHarness.AssertProblemAsync(await h.Owner.PostAsync($"/api/deliveries/{id}/cancel", null), HttpStatusCode.Conflict, "Delivery is not pending");
    }

    [Fact]
    public async Task Events_carry_the_exact_body_that_was_sent()
    {
        await using var h = await ApiHarness.StartAsync();
        await h.UpgradeAsync();
        await h.CreateEndpointAsync(activate: true);
        (await h.Owner.PostAsync("/api/soap-notes", ApiHarness.Json("{}"))).EnsureSuccessStatusCode();
        await h.Receiver.WaitForRequestsAsync(1);
        var events = await ApiHarness.ReadAsync(await h.Owner.GetAsync("/api/events"));
        var raised = events[0];
        Assert.Equal(["id", "type", "created_at", "object_id", "payload", "status", "is_test"], raised.EnumerateObject().Select(p => p.Name));
        Assert.Equal(Assert.Single(h.Receiver.Requests).Body, raised.GetProperty("payload").GetString());
    }

    [Fact]
    public async Task Events_carry_their_status_and_is_test_and_filter_on_them()
    {
        await using var h = await ApiHarness.StartAsync();
        await h.UpgradeAsync();
        var ok = await h.CreateEndpointAsync(activate: true);
        var created = await h.Owner.PostAsync("/api/soap-notes", ApiHarness.Json("{}"));
        var delivered = long.Parse(created.Headers.GetValues("X-Simulator-Event-Id").Single(), System.Globalization.CultureInfo.InvariantCulture);
        await h.Receiver.WaitForRequestsAsync(1);
        await h.App.Control.WhenIdleAsync();
        h.Receiver.RespondWith(500);
        var test = await ApiHarness.ReadAsync(await h.Owner.PostAsJsonAsync($"/api/webhook-endpoints/{ok}/test", new { event_type = "soap_note.updated" }));
        var failedTest = test.GetProperty("event_id").GetInt64();
        var pending = await ApiHarness.ReadAsync(await h.Owner.PostAsync("/api/soap-notes", ApiHarness.Json("{}")));
        await h.Receiver.WaitForRequestsAsync(3);
        await h.App.Control.WhenIdleAsync();

        var live = await ApiHarness.ReadAsync(await h.Owner.GetAsync("/api/events?is_test=false"));
        Assert.Equal(2, live.GetArrayLength());
        var (newest, oldest) = (live[0], live[1]);
        Assert.Equal((delivered, "delivered", false), (oldest.GetProperty("id").GetInt64(), oldest.GetProperty("status").GetString(), oldest.GetProperty("is_test").GetBoolean()));
        Assert.Equal(("pending", false), (newest.GetProperty("status").GetString(), newest.GetProperty("is_test").GetBoolean()));
        Assert.Equal(pending.GetProperty("id").GetInt32(), newest.GetProperty("object_id").GetInt32());

        var one = await ApiHarness.ReadAsync(await h.Owner.GetAsync($"/api/events/{failedTest}"));
        Assert.Equal(("failed", true), (one.GetProperty("status").GetString(), one.GetProperty("is_test").GetBoolean()));

        Assert.Equal([failedTest], await IdsAsync(h, "/api/events?is_test=true"));
        Assert.Equal([delivered], await IdsAsync(h, "/api/events?status=delivered"));
        Assert.Equal([delivered], await IdsAsync(h, "/api/events?is_test=false&status=DELIVERED"));
        Assert.Equal([failedTest], await IdsAsync(h, "/api/events?is_test=true&status=failed"));
        Assert.Equal([failedTest], await IdsAsync(h, "/api/events?status=failed"));
        Assert.Empty(await IdsAsync(h, "/api/events?is_test=false&status=failed"));
        Assert.Equal([newest.GetProperty("id").GetInt64()], await IdsAsync(h, "/api/events?status=pending&limit=1"));
    }

    [Fact]
    public async Task The_event_list_and_one_event_agree_about_test_sends()
    {
        await using var h = await ApiHarness.StartAsync();
        await h.UpgradeAsync();
        var endpoint = await h.CreateEndpointAsync(activate: true);
        var created = await h.Owner.PostAsync("/api/soap-notes", ApiHarness.Json("{}"));
        var raised = long.Parse(created.Headers.GetValues("X-Simulator-Event-Id").Single(), System.Globalization.CultureInfo.InvariantCulture);
        await h.Receiver.WaitForRequestsAsync(1);
        await h.App.Control.WhenIdleAsync();
        var test = (await ApiHarness.ReadAsync(await h.Owner.PostAsJsonAsync($"/api/webhook-endpoints/{endpoint}/test", new { event_type = "soap_note.created" })))
            .GetProperty("event_id").GetInt64();

        var listed = await ApiHarness.ReadAsync(await h.Owner.GetAsync("/api/events"));

        Assert.Equal([test, raised], listed.EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));
        foreach (var item in listed.EnumerateArray())
        {
            var one = await ApiHarness.ReadAsync(await h.Owner.GetAsync($"/api/events/{item.GetProperty("id").GetInt64()}"));
            Assert.Equal(item.GetRawText(), one.GetRawText());
        }
        Assert.Equal([true, false], listed.EnumerateArray().Select(e => e.GetProperty("is_test").GetBoolean()));
        Assert.Equal([test], await IdsAsync(h, "/api/events?is_test=true"));
        Assert.Equal([raised], await IdsAsync(h, "/api/events?is_test=false"));
    }

    [Theory]
    [InlineData("/api/events?status=lost", "status")]
    [InlineData("/api/events?status=succeeded", "status")]
    [InlineData("/api/events?is_test=maybe", "is_test")]
    public async Task A_bad_event_filter_is_a_400_naming_the_field(string path, string field)
    {
        var h = shared.Harness;
        await ApiHarness.AssertFieldErrorAsync(await h.Owner.GetAsync(path), field);
    }

    [Fact]
    public async Task The_outbox_lists_the_failure_email()
    {
        await using var h = await ApiHarness.StartAsync();
        h.Receiver.RespondWith(500);
        await h.UpgradeAsync();
        await h.CreateEndpointAsync(activate: true);
        (await h.Owner.PostAsync("/api/soap-notes", ApiHarness.Json("{}"))).EnsureSuccessStatusCode();
        await h.Receiver.WaitForRequestsAsync(1);
        var clock = await ApiHarness.ReadAsync(await h.Owner.PostAsJsonAsync("/api/clock/advance", new { seconds = 13 * 3600 }));
        Assert.Equal(JsonValueKind.Null, clock.GetProperty("next_attempt_at").ValueKind);

        var emails = await ApiHarness.ReadAsync(await h.Owner.GetAsync("/api/emails"));
        var email = emails.EnumerateArray().Single(e => e.GetProperty("subject").GetString()!.Contains("failing", StringComparison.Ordinal));
        Assert.Equal("dev@example.com", email.GetProperty("to").GetString());
        Assert.Equal("outbox_only", email.GetProperty("status").GetString());
        Assert.Contains(h.Receiver.Url(), email.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Contains("disabled", email.GetProperty("body").GetString(), StringComparison.Ordinal);
    }

    private static async Task<List<long>> IdsAsync(ApiHarness h, string path) =>
        [.. (await ApiHarness.ReadAsync(await h.Owner.GetAsync(path))).EnumerateArray().Select(e => e.GetProperty("id").GetInt64())];
}
