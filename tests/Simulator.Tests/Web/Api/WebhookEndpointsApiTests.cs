using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Simulator.Tests.Web.Api;

public sealed class WebhookEndpointsApiTests(SharedApiHarness shared) : IClassFixture<SharedApiHarness>
{
    private static readonly string[] EndpointKeys =
    [
        "id", "url", "description", "contact_email", "enabled_events", "status", "status_reason",
        "created_at", "updated_at", "failing_since", "disable_at",
    ];

    [Fact]
    public async Task A_new_endpoint_is_inactive_and_has_the_contracts_fields()
    {
        await using var h = await ApiHarness.StartAsync();
        var response = await h.Owner.PostAsJsonAsync("/api/webhook-endpoints", new
        {
            url = h.Receiver.Url(),
            contact_email = "dev@example.com",
            enabled_events = new[] { "soap_note.updated" },
            description = "My integration",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var endpoint = await ApiHarness.ReadAsync(response);
        Assert.Equal(EndpointKeys, endpoint.EnumerateObject().Select(p => p.Name));
        Assert.Equal("inactive", endpoint.GetProperty("status").GetString());
        Assert.Equal("My integration", endpoint.GetProperty("description").GetString());
        Assert.Equal(["soap_note.updated"], endpoint.GetProperty("enabled_events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, endpoint.GetProperty("failing_since").ValueKind);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", endpoint.GetProperty("created_at").GetString());
        Assert.Equal($"/api/webhook-endpoints/{endpoint.GetProperty("id").GetInt32()}", response.Headers.Location?.OriginalString);
        Assert.Equal(1, await h.CountAsync("/api/webhook-endpoints"));
    }

    [Theory]
    [InlineData("""{"url":"ftp://example.com/hook","contact_email":"a@example.com","enabled_events":["soap_note.created"]}""", "url")]
    [InlineData("""{"url":"/relative/hook","contact_email":"a@example.com","enabled_events":["soap_note.created"]}""", "url")]
    [InlineData("""{"contact_email":"a@example.com","enabled_events":["soap_note.created"]}""", "url")]
    [InlineData("""{"url":"https://example.com/hook","enabled_events":["soap_note.created"]}""", "contact_email")]
    [InlineData("""{"url":"https://example.com/hook","contact_email":"not-an-email","enabled_events":["soap_note.created"]}""", "contact_email")]
    [InlineData("""{"url":"https://example.com/hook","contact_email":"a@example.com","enabled_events":["soap_note.deleted"]}""", "enabled_events")]
    [InlineData("""{"url":"https://example.com/hook","contact_email":"a@example.com","enabled_events":[]}""", "enabled_events")]
    [InlineData("""{"url":"https://example.com/hook","contact_email":"a@example.com"}""", "enabled_events")]
    [InlineData("""{"url":5,"contact_email":"a@example.com","enabled_events":["soap_note.created"]}""", "url")]
    [InlineData("""{"url":"https://example.com/hook","contact_email":"a@example.com","enabled_events":"soap_note.created"}""", "enabled_events")]
    [InlineData("""{"url":"https://example.com/hook","contact_email":"a@example.com","enabled_events":[null]}""", "enabled_events")]
    [InlineData("""{"url":"https://example.com/hook",""", "body")]
    [InlineData("""null""", "body")]
    [InlineData("", "body")]
    [InlineData("""not json""", "body")]
    public async Task A_bad_endpoint_is_400_naming_the_field_and_nothing_is_stored(string body, string field)
    {
        var h = shared.Harness;
        await ApiHarness.AssertFieldErrorAsync(await h.Owner.PostAsync("/api/webhook-endpoints", ApiHarness.Json(body)), field);
        Assert.Equal(0, await h.CountAsync("/api/webhook-endpoints"));
    }

    [Fact]
    public async Task Absurd_sizes_are_refused_field_by_field()
    {
        var h = shared.Harness;
        var response = await h.Owner.PostAsJsonAsync("/api/webhook-endpoints", new
        {
            url = "https://example.com/" + new string('a', 5000),
            contact_email = new string('b', 300) + "@example.com",
            enabled_events = new[] { "soap_note.created" },
            description = new string('c', 10_000),
        });
        await ApiHarness.AssertFieldErrorAsync(response, "url");
        var errors = (await ApiHarness.ReadAsync(response)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("contact_email", out _));
        Assert.True(errors.TryGetProperty("description", out _));
        Assert.Equal(0, await h.CountAsync("/api/webhook-endpoints"));
    }

    [Fact]
    public async Task Unknown_endpoint_ids_are_404_on_every_route()
    {
        var h = shared.Harness;
        await ApiHarness.AssertProblemAsync(await h.Owner.GetAsync("/api/webhook-endpoints/77"), HttpStatusCode.NotFound);
        await ApiHarness.AssertProblemAsync(await h.Owner.PatchAsync("/api/webhook-endpoints/77", ApiHarness.Json("{}")), HttpStatusCode.NotFound);
        await ApiHarness.AssertProblemAsync(await h.Owner.DeleteAsync("/api/webhook-endpoints/77"), HttpStatusCode.NotFound);
        await ApiHarness.AssertProblemAsync(await h.Owner.PostAsync("/api/webhook-endpoints/77/activate", null), HttpStatusCode.NotFound);
        await ApiHarness.AssertProblemAsync(await h.Owner.PostAsync("/api/webhook-endpoints/77/deactivate", null), HttpStatusCode.NotFound);
        await ApiHarness.AssertProblemAsync(await h.Owner.PostAsJsonAsync("/api/webhook-endpoints/77/test", new { event_type = "soap_note.created" }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Patch_changes_the_given_members_and_a_bad_patch_changes_nothing()
    {
        await using var h = await ApiHarness.StartAsync();
        var id = await h.CreateEndpointAsync();
        var changed = await ApiHarness.ReadAsync(await h.Owner.PatchAsJsonAsync($"/api/webhook-endpoints/{id}", new { url = h.Receiver.Url("/v2"), enabled_events = new[] { "soap_note.created" } }));
        Assert.Equal(h.Receiver.Url("/v2"), changed.GetProperty("url").GetString());
        Assert.Equal("dev@example.com", changed.GetProperty("contact_email").GetString());
        Assert.Single(changed.GetProperty("enabled_events").EnumerateArray());

        await ApiHarness.AssertFieldErrorAsync(await h.Owner.PatchAsJsonAsync($"/api/webhook-endpoints/{id}", new { url = "mailto:x@example.com", contact_email = "ok@example.com" }), "url");
        var after = await ApiHarness.ReadAsync(await h.Owner.GetAsync($"/api/webhook-endpoints/{id}"));
        Assert.Equal(h.Receiver.Url("/v2"), after.GetProperty("url").GetString());
        Assert.Equal("dev@example.com", after.GetProperty("contact_email").GetString());
    }

    [Fact]
    public async Task Activation_on_standard_is_403_premium_plan_required_and_leaves_it_inactive()
    {
        await using var h = await ApiHarness.StartAsync();
        var id = await h.CreateEndpointAsync();
        var refused = await h.Owner.PostAsync($"/api/webhook-endpoints/{id}/activate", null);
        await ApiHarness.AssertProblemAsync(refused, HttpStatusCode.Forbidden, "Premium plan required");
        Assert.Equal("inactive", (await ApiHarness.ReadAsync(await h.Owner.GetAsync($"/api/webhook-endpoints/{id}"))).GetProperty("status").GetString());

        await h.UpgradeAsync();
        var active = await ApiHarness.ReadAsync(await h.Owner.PostAsync($"/api/webhook-endpoints/{id}/activate", null));
        Assert.Equal("active", active.GetProperty("status").GetString());
        var inactive = await ApiHarness.ReadAsync(await h.Owner.PostAsync($"/api/webhook-endpoints/{id}/deactivate", null));
        Assert.Equal("inactive", inactive.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Delete_removes_the_endpoint()
    {
        await using var h = await ApiHarness.StartAsync();
        var id = await h.CreateEndpointAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await h.Owner.DeleteAsync($"/api/webhook-endpoints/{id}")).StatusCode);
        await ApiHarness.AssertProblemAsync(await h.Owner.GetAsync($"/api/webhook-endpoints/{id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_test_send_to_an_inactive_unsubscribed_endpoint_posts_the_last_updated_note()
    {
        await using var h = await ApiHarness.StartAsync();
        var id = await h.CreateEndpointAsync(events: ["soap_note.created"]);
        var note = await ApiHarness.ReadAsync(await h.Owner.PatchAsJsonAsync("/api/soap-notes/3", new { name = "Changed for the test" }));

        var response = await h.Owner.PostAsJsonAsync($"/api/webhook-endpoints/{id}/test", new { event_type = "soap_note.updated" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var delivery = await ApiHarness.ReadAsync(response);
        Assert.True(delivery.GetProperty("is_test").GetBoolean());
        Assert.Equal("succeeded", delivery.GetProperty("status").GetString());
        var attempt = Assert.Single(delivery.GetProperty("attempts").EnumerateArray());
        Assert.Equal(200, attempt.GetProperty("status_code").GetInt32());
        Assert.Equal("ok", attempt.GetProperty("response_body").GetString());

        var received = Assert.Single(h.Receiver.Requests);
        using var body = JsonDocument.Parse(received.Body);
        Assert.Equal("soap_note.updated", body.RootElement.GetProperty("type").GetString());
        Assert.Equal(note.GetProperty("id").GetInt32(), body.RootElement.GetProperty("data").GetProperty("object").GetProperty("id").GetInt32());
        Assert.Equal("Changed for the test", body.RootElement.GetProperty("data").GetProperty("object").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_test_send_reports_a_failing_receiver_in_the_attempt()
    {
        await using var h = await ApiHarness.StartAsync();
        h.Receiver.RespondWith(503, "down for maintenance");
        var id = await h.CreateEndpointAsync();
        var delivery = await ApiHarness.ReadAsync(await h.Owner.PostAsJsonAsync($"/api/webhook-endpoints/{id}/test", new { event_type = "soap_note.created" }));
        Assert.Equal("failed", delivery.GetProperty("status").GetString());
        var attempt = Assert.Single(delivery.GetProperty("attempts").EnumerateArray());
        Assert.Equal(503, attempt.GetProperty("status_code").GetInt32());
        Assert.Equal("down for maintenance", attempt.GetProperty("response_body").GetString());
    }

    [Theory]
    [InlineData("""{}""", "event_type")]
    [InlineData("""{"event_type":"invoice.paid"}""", "event_type")]
    [InlineData("""{"event_type":7}""", "event_type")]
    public async Task A_test_send_of_a_bad_type_is_400_and_sends_nothing(string body, string field)
    {
        await using var h = await ApiHarness.StartAsync();
        var id = await h.CreateEndpointAsync();
        await ApiHarness.AssertFieldErrorAsync(await h.Owner.PostAsync($"/api/webhook-endpoints/{id}/test", ApiHarness.Json(body)), field);
        Assert.Equal(0, h.Receiver.Count);
        Assert.Equal(0, await h.CountAsync("/api/deliveries"));
    }

    [Fact]
    public async Task A_test_send_is_409_only_while_there_is_no_soap_note_at_all()
    {
        await using var h = await ApiHarness.StartAsync(s => s["SeedSoapNotes"] = "0");
        var id = await h.CreateEndpointAsync();
        foreach (var type in new[] { "soap_note.created", "soap_note.updated" })
        {
            await ApiHarness.AssertProblemAsync(
                await h.Owner.PostAsJsonAsync($"/api/webhook-endpoints/{id}/test", new { event_type = type }), HttpStatusCode.Conflict, "No SOAP note yet");
        }
        Assert.Equal(0, await h.CountAsync("/api/deliveries"));

        (await h.Owner.PostAsync("/api/soap-notes", ApiHarness.Json("{}"))).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await h.Owner.PostAsJsonAsync($"/api/webhook-endpoints/{id}/test", new { event_type = "soap_note.created" })).StatusCode);
        Assert.Equal(1, h.Receiver.Count);
    }

    [Fact]
    public async Task An_updated_test_send_with_no_note_updated_yet_posts_the_last_saved_note()
    {
        await using var h = await ApiHarness.StartAsync(s => s["SeedSoapNotes"] = "0");
        var id = await h.CreateEndpointAsync();
        var note = await ApiHarness.ReadAsync(await h.Owner.PostAsync("/api/soap-notes", ApiHarness.Json("""{"name":"Only note, never changed"}""")));

        var response = await h.Owner.PostAsJsonAsync($"/api/webhook-endpoints/{id}/test", new { event_type = "soap_note.updated" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var delivery = await ApiHarness.ReadAsync(response);
        Assert.Equal(("soap_note.updated", true, "succeeded"), (delivery.GetProperty("event_type").GetString(), delivery.GetProperty("is_test").GetBoolean(), delivery.GetProperty("status").GetString()));
        using var body = JsonDocument.Parse(Assert.Single(h.Receiver.Requests).Body);
        Assert.Equal("soap_note.updated", body.RootElement.GetProperty("type").GetString());
        var sent = body.RootElement.GetProperty("data").GetProperty("object");
        Assert.Equal(note.GetProperty("id").GetInt32(), sent.GetProperty("id").GetInt32());
        Assert.Equal("Only note, never changed", sent.GetProperty("name").GetString());
    }

    [Fact]
    public async Task An_unknown_api_route_is_a_404_problem_not_a_page()
    {
        var h = shared.Harness;
        await ApiHarness.AssertProblemAsync(await h.Owner.GetAsync("/api/soap-notes/99999999999"), HttpStatusCode.NotFound);
        await ApiHarness.AssertProblemAsync(await h.Owner.GetAsync("/api/no-such-thing"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_url_another_endpoint_has_is_accepted_with_a_warning_header()
    {
        await using var h = await ApiHarness.StartAsync();
        var body = new { url = h.Receiver.Url(), contact_email = "dev@example.com", enabled_events = new[] { "soap_note.created" } };
        var first = await h.Owner.PostAsJsonAsync("/api/webhook-endpoints", body);
        Assert.False(first.Headers.Contains("X-Simulator-Warning"));
        var firstId = (await ApiHarness.ReadAsync(first)).GetProperty("id").GetInt32();

        var second = await h.Owner.PostAsJsonAsync("/api/webhook-endpoints", body);

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(EndpointKeys, (await ApiHarness.ReadAsync(second)).EnumerateObject().Select(p => p.Name));
        Assert.Contains($"Endpoint {firstId} already has this URL", Assert.Single(second.Headers.GetValues("X-Simulator-Warning")), StringComparison.Ordinal);
        Assert.Equal(2, await h.CountAsync("/api/webhook-endpoints"));

        var moved = await h.Owner.PatchAsJsonAsync($"/api/webhook-endpoints/{firstId}", new { url = h.Receiver.Url("/elsewhere") });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.False(moved.Headers.Contains("X-Simulator-Warning"));
    }
}
