using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Simulator.Tests.Web.Api;

public sealed class SoapNotesApiTests(SharedApiHarness shared) : IClassFixture<SharedApiHarness>
{
    private static readonly string[] NoteKeys =
    [
        "client_external_ref", "client_id", "created_at", "created_by", "exercise_prescriptions", "id", "name",
        "product_prescriptions", "recommendations", "seen_at", "state", "updated_at",
    ];

    [Fact]
    public async Task Notes_are_listed_newest_first_with_the_webhook_fields()
    {
        var h = shared.Harness;
        var notes = await ApiHarness.ReadAsync(await h.Owner.GetAsync("/api/soap-notes"));
        Assert.Equal(10, notes.GetArrayLength());
        var created = notes.EnumerateArray().Select(n => n.GetProperty("created_at").GetString()).ToList();
        Assert.Equal(created.OrderByDescending(c => c, StringComparer.Ordinal), created);
        Assert.Equal(NoteKeys, notes[0].EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task One_note_is_found_by_id_and_an_unknown_id_is_404()
    {
        var h = shared.Harness;
        var note = await ApiHarness.ReadAsync(await h.Owner.GetAsync("/api/soap-notes/3"));
        Assert.Equal(3, note.GetProperty("id").GetInt32());
        await ApiHarness.AssertProblemAsync(await h.Owner.GetAsync("/api/soap-notes/999"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Creating_with_no_fields_generates_a_realistic_note_and_raises_created()
    {
        await using var h = await ApiHarness.StartAsync();
        var response = await h.Owner.PostAsync("/api/soap-notes", ApiHarness.Json("{}"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var note = await ApiHarness.ReadAsync(response);
        Assert.Equal($"/api/soap-notes/{note.GetProperty("id").GetInt32()}", response.Headers.Location?.OriginalString);
        Assert.Equal("Olivia Owner", note.GetProperty("created_by").GetString());
        Assert.True(note.GetProperty("exercise_prescriptions").GetArrayLength() > 0);
        Assert.Contains(note.GetProperty("state").GetString(), new[] { "draft", "final" });

        var eventId = long.Parse(response.Headers.GetValues("X-Simulator-Event-Id").Single(), System.Globalization.CultureInfo.InvariantCulture);
        var raised = await ApiHarness.ReadAsync(await h.Owner.GetAsync($"/api/events/{eventId}"));
        Assert.Equal("soap_note.created", raised.GetProperty("type").GetString());
        Assert.Equal(note.GetProperty("id").GetInt32(), raised.GetProperty("object_id").GetInt32());
        using var payload = JsonDocument.Parse(raised.GetProperty("payload").GetString()!);
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(note.GetRawText()), JsonNode.Parse(payload.RootElement.GetProperty("data").GetProperty("object").GetRawText())),
            "the API's note equals data.object of the event body");
    }

    [Fact]
    public async Task Given_fields_are_used_and_the_rest_generated()
    {
        await using var h = await ApiHarness.StartAsync();
        var response = await h.Owner.PostAsJsonAsync("/api/soap-notes", new
        {
            client_id = 4,
            name = "Post-op Knee Rehabilitation",
            state = "draft",
            seen_at = "2026-03-26T13:45:10Z",
            exercise_prescriptions = new[] { new { exercise_id = 1, reps = 12, sets = 3, hold_for = "20 seconds" } },
            product_prescriptions = new[] { new { product_id = 2 } },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var note = await ApiHarness.ReadAsync(response);
        Assert.Equal(4, note.GetProperty("client_id").GetInt32());
        Assert.Equal("Post-op Knee Rehabilitation", note.GetProperty("name").GetString());
        Assert.Equal("draft", note.GetProperty("state").GetString());
        Assert.Equal("2026-03-26T13:45:10Z", note.GetProperty("seen_at").GetString());
        var exercise = Assert.Single(note.GetProperty("exercise_prescriptions").EnumerateArray());
        Assert.Equal(1, exercise.GetProperty("exercise_id").GetInt32());
        Assert.Equal(12, exercise.GetProperty("reps").GetInt32());
        Assert.Equal("20 seconds", exercise.GetProperty("hold_for").GetString());
        Assert.Equal(2, Assert.Single(note.GetProperty("product_prescriptions").EnumerateArray()).GetProperty("product_id").GetInt32());
    }

    [Theory]
    [InlineData("""{"client_id":0}""", "client_id")]
    [InlineData("""{"id":5}""", "id")]
    [InlineData("""{"recomendations":"typo"}""", "recomendations")]
    [InlineData("""{"exercise_prescriptions":[{"id":1735,"exercise_id":1}]}""", "exercise_prescriptions[0].id")]
    [InlineData("""{"product_prescriptions":[{"product_id":2,"colour":"red"}]}""", "product_prescriptions[0].colour")]
    [InlineData("""{"exercise_prescriptions":[null]}""", "exercise_prescriptions[0]")]
    [InlineData("""{"exercise_prescriptions":[{"exercise_id":4242,"name":""}]}""", "exercise_prescriptions[0].name")]
    [InlineData("""{"exercise_prescriptions":[{"exercise_id":-1}]}""", "exercise_prescriptions[0].exercise_id")]
    [InlineData("""{"product_prescriptions":[{"product_id":0}]}""", "product_prescriptions[0].product_id")]
    [InlineData("""{"created_by":" "}""", "created_by")]
    [InlineData("""{"created_at":"0001-01-01T00:00:00Z"}""", "created_at")]
    [InlineData("""{"updated_at":"2300-01-01T00:00:00Z"}""", "updated_at")]
    [InlineData("""{"created_at":"2026-03-26T10:00:00Z","updated_at":"2026-03-26T09:59:59Z"}""", "updated_at")]
    [InlineData("""{"created_at":"soon"}""", "created_at")]
    [InlineData("""{"state":"archived"}""", "state")]
    [InlineData("""{"name":""}""", "name")]
    [InlineData("""{"seen_at":"yesterday"}""", "seen_at")]
    [InlineData("""{"client_id":"four"}""", "client_id")]
    [InlineData("""{"exercise_prescriptions":[{"exercise_id":1,"reps":-5}]}""", "exercise_prescriptions[0].reps")]
    [InlineData("""{"exercise_prescriptions":[{"exercise_id":1,"times_per_week":200}]}""", "exercise_prescriptions[0].times_per_week")]
    [InlineData("""{"seen_at":"0001-01-01T00:00:00Z"}""", "seen_at")]
    [InlineData("""{"seen_at":"2300-01-01T00:00:00Z"}""", "seen_at")]
    [InlineData("""{"seen_at":""}""", "seen_at")]
    [InlineData("""{"name":""", "body")]
    public async Task A_bad_note_is_400_naming_the_field_and_nothing_is_stored(string body, string field)
    {
        var h = shared.Harness;
        var before = await h.CountAsync("/api/soap-notes");
        var events = await h.CountAsync("/api/events");
        await ApiHarness.AssertFieldErrorAsync(await h.Owner.PostAsync("/api/soap-notes", ApiHarness.Json(body)), field);
        Assert.Equal(before, await h.CountAsync("/api/soap-notes"));
        Assert.Equal(events, await h.CountAsync("/api/events"));
    }

    [Fact]
    public async Task A_name_of_absurd_length_is_refused()
    {
        var h = shared.Harness;
        await ApiHarness.AssertFieldErrorAsync(await h.Owner.PostAsJsonAsync("/api/soap-notes", new { name = new string('x', 100_000) }), "name");
    }

    [Fact]
    public async Task Patching_given_fields_changes_only_those_and_raises_updated()
    {
        await using var h = await ApiHarness.StartAsync();
        var before = await ApiHarness.ReadAsync(await h.Owner.GetAsync("/api/soap-notes/2"));
        await h.App.Control.AdvanceAsync(TimeSpan.FromMinutes(5));
        var response = await h.Owner.PatchAsJsonAsync("/api/soap-notes/2", new { recommendations = "Walk 20 minutes daily" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await ApiHarness.ReadAsync(response);
        Assert.Equal("Walk 20 minutes daily", after.GetProperty("recommendations").GetString());
        Assert.Equal(before.GetProperty("name").GetString(), after.GetProperty("name").GetString());
        Assert.NotEqual(before.GetProperty("updated_at").GetString(), after.GetProperty("updated_at").GetString());
        var events = await ApiHarness.ReadAsync(await h.Owner.GetAsync("/api/events"));
        Assert.Equal("soap_note.updated", events[0].GetProperty("type").GetString());
        Assert.Equal(2, events[0].GetProperty("object_id").GetInt32());
    }

    [Fact]
    public async Task Patching_with_an_empty_body_makes_a_random_change()
    {
        await using var h = await ApiHarness.StartAsync();
        var before = await ApiHarness.ReadAsync(await h.Owner.GetAsync("/api/soap-notes/5"));
        await h.App.Control.AdvanceAsync(TimeSpan.FromMinutes(5));
        var after = await ApiHarness.ReadAsync(await h.Owner.PatchAsync("/api/soap-notes/5", ApiHarness.Json("{}")));
        Assert.NotEqual(before.GetProperty("updated_at").GetString(), after.GetProperty("updated_at").GetString());
        static string Content(JsonElement n) => string.Join("|", n.EnumerateObject().Where(p => p.Name != "updated_at").Select(p => p.Value.GetRawText()));
        Assert.NotEqual(Content(before), Content(after));
    }

    [Fact]
    public async Task Patching_an_unknown_note_is_404_and_raises_nothing()
    {
        var h = shared.Harness;
        var events = await h.CountAsync("/api/events");
        await ApiHarness.AssertProblemAsync(await h.Owner.PatchAsync("/api/soap-notes/999", ApiHarness.Json("{}")), HttpStatusCode.NotFound);
        Assert.Equal(events, await h.CountAsync("/api/events"));
    }

    [Fact]
    public async Task Every_field_given_on_create_reaches_the_receiver_as_given()
    {
        await using var h = await ApiHarness.StartAsync();
        await h.UpgradeAsync();
        await h.CreateEndpointAsync(activate: true);
        var given = new JsonObject
        {
            ["client_external_ref"] = "CLINIC-42",
            ["client_id"] = 50,
            ["created_at"] = "2018-03-26T14:18:00Z",
            ["created_by"] = "Simon Jones",
            ["exercise_prescriptions"] = new JsonArray(new JsonObject
            {
                ["exercise_external_ref"] = "444555",
                ["exercise_id"] = 33,
                ["hold_for"] = "20 seconds",
                ["instructions"] = "No bouncing",
                ["name"] = "Stretch - Hip Flexor",
                ["reps"] = 1,
                ["rest_time"] = "20 seconds",
                ["sets"] = 1,
                ["times_per_day"] = 1,
                ["times_per_week"] = 3,
                ["tools"] = "Foam roller",
            }),
            ["name"] = "Standard Treatment",
            ["product_prescriptions"] = new JsonArray(new JsonObject { ["name"] = "Flex-Heat Lupin Pack", ["product_external_ref"] = "987654", ["product_id"] = 275 }),
            ["recommendations"] = "Get more sleep",
            ["seen_at"] = "2018-03-26T14:15:00Z",
            ["state"] = "final",
            ["updated_at"] = "2018-03-26T14:18:00Z",
        };

        var response = await h.Owner.PostAsync("/api/soap-notes", ApiHarness.Json(given.ToJsonString()));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await h.Receiver.WaitForRequestsAsync(1);
        using var body = JsonDocument.Parse(Assert.Single(h.Receiver.Requests).Body);
        var sent = JsonNode.Parse(body.RootElement.GetProperty("data").GetProperty("object").GetRawText())!.AsObject();
        var id = (await ApiHarness.ReadAsync(response)).GetProperty("id").GetInt32();
        Assert.Equal(id, (int)sent["id"]!);
        Assert.NotEqual(0, (int)sent["exercise_prescriptions"]![0]!["id"]!);
        // everything but the ids the store assigns is as given
        sent.Remove("id");
        sent["exercise_prescriptions"]![0]!.AsObject().Remove("id");
        Assert.True(JsonNode.DeepEquals(given, sent), sent.ToJsonString());
    }

    [Fact]
    public async Task Given_refs_and_created_by_are_kept_and_the_left_out_ones_follow_the_ids()
    {
        await using var h = await ApiHarness.StartAsync();
        var catalogue = await ApiHarness.ReadAsync(await h.Owner.GetAsync("/api/soap-notes/1"));
        var known = catalogue.GetProperty("exercise_prescriptions")[0];

        var note = await ApiHarness.ReadAsync(await h.Owner.PostAsync("/api/soap-notes", ApiHarness.Json($$"""
            {"client_external_ref":"mine-1","created_by":"Dr Who",
             "exercise_prescriptions":[{"exercise_id":{{known.GetProperty("exercise_id").GetInt32()}}},{"exercise_id":9001,"name":"Nordic curl"},{}],
             "product_prescriptions":[{"product_id":9002,"name":"Pillow","product_external_ref":"P-9"}]}
            """)));

        Assert.Equal("mine-1", note.GetProperty("client_external_ref").GetString());
        Assert.Equal("Dr Who", note.GetProperty("created_by").GetString());
        var exercises = note.GetProperty("exercise_prescriptions");
        Assert.Equal(3, exercises.GetArrayLength());
        // a catalogue id: its ref and name from the catalogue; an id of one's own: the name given, a ref generated
        Assert.Equal(known.GetProperty("exercise_external_ref").GetString(), exercises[0].GetProperty("exercise_external_ref").GetString());
        Assert.Equal(known.GetProperty("name").GetString(), exercises[0].GetProperty("name").GetString());
        Assert.Equal(9001, exercises[1].GetProperty("exercise_id").GetInt32());
        Assert.Equal("Nordic curl", exercises[1].GetProperty("name").GetString());
        Assert.Matches("^[0-9]{6}$", exercises[1].GetProperty("exercise_external_ref").GetString());
        Assert.True(exercises[2].GetProperty("exercise_id").GetInt32() > 0);
        var product = Assert.Single(note.GetProperty("product_prescriptions").EnumerateArray());
        Assert.Equal(("Pillow", "P-9", 9002), (product.GetProperty("name").GetString(), product.GetProperty("product_external_ref").GetString(), product.GetProperty("product_id").GetInt32()));
    }

    [Fact]
    public async Task Patching_refs_created_by_and_stamps_reaches_the_receiver_and_keeps_the_rest()
    {
        await using var h = await ApiHarness.StartAsync();
        await h.UpgradeAsync();
        await h.CreateEndpointAsync(activate: true);
        var before = await ApiHarness.ReadAsync(await h.Owner.GetAsync("/api/soap-notes/4"));

        var response = await h.Owner.PatchAsync("/api/soap-notes/4", ApiHarness.Json("""
            {"client_external_ref":"CLINIC-9","created_by":"Locum","created_at":"2026-03-20T09:00:00Z","updated_at":"2026-03-20T09:30:00Z"}
            """));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await h.Receiver.WaitForRequestsAsync(1);
        using var body = JsonDocument.Parse(Assert.Single(h.Receiver.Requests).Body);
        Assert.Equal("soap_note.updated", body.RootElement.GetProperty("type").GetString());
        var sent = body.RootElement.GetProperty("data").GetProperty("object");
        Assert.Equal("CLINIC-9", sent.GetProperty("client_external_ref").GetString());
        Assert.Equal(before.GetProperty("client_id").GetInt32(), sent.GetProperty("client_id").GetInt32());
        Assert.Equal("Locum", sent.GetProperty("created_by").GetString());
        Assert.Equal("2026-03-20T09:00:00Z", sent.GetProperty("created_at").GetString());
        Assert.Equal("2026-03-20T09:30:00Z", sent.GetProperty("updated_at").GetString());
        Assert.Equal(before.GetProperty("name").GetString(), sent.GetProperty("name").GetString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(before.GetProperty("exercise_prescriptions").GetRawText()), JsonNode.Parse(sent.GetProperty("exercise_prescriptions").GetRawText())));
    }

    [Fact]
    public async Task A_client_id_of_ones_own_is_kept_with_a_generated_ref()
    {
        await using var h = await ApiHarness.StartAsync();
        var note = await ApiHarness.ReadAsync(await h.Owner.PostAsJsonAsync("/api/soap-notes", new { client_id = 9999 }));
        Assert.Equal(9999, note.GetProperty("client_id").GetInt32());
        Assert.Matches("^[0-9]{6}$", note.GetProperty("client_external_ref").GetString());
    }
}
