using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Simulator.Tests.Core.Payloads;

namespace Simulator.Tests.Web.Api;

/// <summary>Send test with any object: <c>"object"</c> (sent exactly, not saved) or <c>"fixture": "reference_example"</c>.</summary>
public sealed partial class TestObjectApiTests
{
    private static readonly string[] PayloadKeys =
    [
        "client_external_ref", "client_id", "created_at", "created_by", "exercise_prescriptions", "id", "name",
        "product_prescriptions", "recommendations", "seen_at", "state", "updated_at",
    ];

    [Fact]
    public async Task The_reference_example_fixture_reaches_the_receiver_as_the_documentations_example_in_strict_json()
    {
        await using var h = await ApiHarness.StartAsync();
        var id = await h.CreateEndpointAsync(events: ["soap_note.updated"]); // inactive, not subscribed to .created
        var notes = await h.CountAsync("/api/soap-notes");

        var response = await h.Owner.PostAsJsonAsync($"/api/webhook-endpoints/{id}/test", new { event_type = "soap_note.created", fixture = "reference_example" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(h.Receiver.Requests);
        var sentAt = JsonDocument.Parse(received.Body).RootElement.GetProperty("created_at").GetString()!;
        Assert.Equal(SimulatedNow(h), sentAt);
        // byte for byte the documentation's example (its trailing commas removed), raised now
        Assert.Equal(ReferenceWithEventTime(sentAt), received.Body);
        var delivery = await ApiHarness.ReadAsync(response);
        var raised = await ApiHarness.ReadAsync(await h.Owner.GetAsync($"/api/events/{delivery.GetProperty("event_id").GetInt64()}"));
        Assert.Equal(10, raised.GetProperty("object_id").GetInt32());
        Assert.True(raised.GetProperty("is_test").GetBoolean());
        Assert.Equal(received.Body, raised.GetProperty("payload").GetString());
        Assert.Equal(notes, await h.CountAsync("/api/soap-notes"));
    }

    [Fact]
    public async Task An_object_is_sent_exactly_as_given_in_the_payloads_key_order_and_is_not_saved()
    {
        await using var h = await ApiHarness.StartAsync();
        var id = await h.CreateEndpointAsync();
        var notes = await h.CountAsync("/api/soap-notes");
        var edge = ReferenceObject();
        edge["created_by"] = new string('W', 50);
        edge["exercise_prescriptions"] = new JsonArray();
        edge["state"] = "draft";
        edge["client_external_ref"] = "my-clinic/client-7";
        edge["recommendations"] = "Café & <ice>";
        // the keys given in reverse order: sent in the payload's order all the same
        var reversed = new JsonObject(edge.Reverse().Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())).ToList());

        var response = await h.Owner.PostAsync($"/api/webhook-endpoints/{id}/test",
            ApiHarness.Json(new JsonObject { ["event_type"] = "soap_note.updated", ["object"] = reversed }.ToJsonString()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(Assert.Single(h.Receiver.Requests).Body);
        Assert.Equal("soap_note.updated", body.RootElement.GetProperty("type").GetString());
        var sent = body.RootElement.GetProperty("data").GetProperty("object");
        Assert.Equal(PayloadKeys, sent.EnumerateObject().Select(p => p.Name));
        Assert.True(JsonNode.DeepEquals(edge, JsonNode.Parse(sent.GetRawText())), sent.GetRawText());
        Assert.Equal(notes, await h.CountAsync("/api/soap-notes"));
    }

    [Theory]
    [InlineData("missing", "object.name")]
    [InlineData("unknown", "object.colour")]
    [InlineData("mistyped count", "object.exercise_prescriptions[2].reps")]
    [InlineData("count as text", "object.exercise_prescriptions[0].sets")]
    [InlineData("missing in a prescription", "object.product_prescriptions[1].product_id")]
    [InlineData("null text", "object.recommendations")]
    [InlineData("id as text", "object.id")]
    [InlineData("offset timestamp", "object.seen_at")]
    [InlineData("unknown state", "object.state")]
    [InlineData("not a list", "object.exercise_prescriptions")]
    [InlineData("not an object", "object")]
    [InlineData("unknown fixture", "fixture")]
    [InlineData("object and fixture", "fixture")]
    public async Task A_bad_object_is_400_naming_the_field_and_nothing_is_sent(string bad, string field)
    {
        await using var h = await ApiHarness.StartAsync();
        var id = await h.CreateEndpointAsync();
        var events = await h.CountAsync("/api/events");
        var note = ReferenceObject();
        var exercises = note["exercise_prescriptions"]!.AsArray();
        exercises.Add(exercises[0]!.DeepClone());
        var request = new JsonObject { ["event_type"] = "soap_note.created", ["object"] = note };
        switch (bad)
        {
            case "missing": note.Remove("name"); break;
            case "unknown": note["colour"] = "blue"; break;
            case "mistyped count": exercises[2]!["reps"] = 1.5; break;
            case "count as text": exercises[0]!["sets"] = "3"; break;
            case "missing in a prescription": note["product_prescriptions"]![1]!.AsObject().Remove("product_id"); break;
            case "null text": note["recommendations"] = null; break;
            case "id as text": note["id"] = "10"; break;
            case "offset timestamp": note["seen_at"] = "2018-03-26T15:15:00+01:00"; break;
            case "unknown state": note["state"] = "archived"; break;
            case "not a list": note["exercise_prescriptions"] = "none"; break;
            case "not an object": request["object"] = new JsonArray(); break;
            case "unknown fixture": request.Remove("object"); request["fixture"] = "stripe_example"; break;
            case "object and fixture": request["fixture"] = "reference_example"; break;
        }

        var response = await h.Owner.PostAsync($"/api/webhook-endpoints/{id}/test", ApiHarness.Json(request.ToJsonString()));

        await ApiHarness.AssertFieldErrorAsync(response, field);
        Assert.Equal(0, h.Receiver.Count);
        Assert.Equal(events, await h.CountAsync("/api/events"));
    }

    [Fact]
    public async Task Every_problem_of_an_object_is_named_at_once()
    {
        await using var h = await ApiHarness.StartAsync();
        var id = await h.CreateEndpointAsync();
        var note = ReferenceObject();
        note.Remove("updated_at");
        note["exercise_prescriptions"]![1]!["times_per_week"] = -1;
        note["extra"] = true;

        var response = await h.Owner.PostAsync($"/api/webhook-endpoints/{id}/test",
            ApiHarness.Json(new JsonObject { ["event_type"] = "soap_note.created", ["object"] = note }.ToJsonString()));

        var errors = (await ApiHarness.ReadAsync(response)).GetProperty("errors");
        Assert.Equal(
            ["object.exercise_prescriptions[1].times_per_week", "object.extra", "object.updated_at"],
            errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task With_no_soap_note_at_all_a_fixture_is_still_sent()
    {
        await using var h = await ApiHarness.StartAsync(s => s["SeedSoapNotes"] = "0");
        var id = await h.CreateEndpointAsync();

        var response = await h.Owner.PostAsJsonAsync($"/api/webhook-endpoints/{id}/test", new { event_type = "soap_note.updated", fixture = "reference_example" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, h.Receiver.Count);
        Assert.Equal(0, await h.CountAsync("/api/soap-notes"));
    }

    private static string SimulatedNow(ApiHarness h) =>
        Simulator.Core.Payloads.WebhookPayload.FormatTimestamp(h.App.Clock.GetUtcNow());

    /// <summary>The documentation's example as strict JSON: its trailing commas removed, its created_at the send's.</summary>
    private static string ReferenceWithEventTime(string createdAt) =>
        TrailingComma().Replace(ReferenceExample.Text, "$1").Replace("\"created_at\": \"2018-03-26T14:20:00Z\"", $"\"created_at\": \"{createdAt}\"", StringComparison.Ordinal);

    private static JsonObject ReferenceObject()
    {
        using var reference = ReferenceExample.Parse();
        return JsonNode.Parse(reference.RootElement.GetProperty("data").GetProperty("object").GetRawText())!.AsObject();
    }

    [GeneratedRegex(@",(\s*[}\]])")]
    private static partial Regex TrailingComma();
}
