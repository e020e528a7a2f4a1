using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Simulator.Core;
using Simulator.Core.Domain;
using Simulator.Core.Payloads;
using Simulator.Core.Seeding;
using Simulator.Tests.Core.Persistence;

namespace Simulator.Tests.Core.Payloads;

public sealed class WebhookPayloadTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 26, 14, 0, 0, TimeSpan.Zero);

    // raised at 16:20:00.999 in UTC+2: sent as 14:20:00Z
    private static readonly DateTimeOffset RaisedAt = new(2026, 3, 26, 16, 20, 0, 999, TimeSpan.FromHours(2));

    [Theory]
    [InlineData(EventTypes.SoapNoteCreated)]
    [InlineData(EventTypes.SoapNoteUpdated)]
    public async Task The_body_has_the_reference_keys_in_the_reference_order_with_the_same_kinds_of_value(string eventType)
    {
        var note = await SavedNoteAsync(products: 2);

        using var body = JsonDocument.Parse(WebhookPayload.Write(eventType, note, RaisedAt));
        using var reference = ReferenceExample.Parse();

        AssertSameShape(reference.RootElement, body.RootElement, "$");
        Assert.Equal(eventType, body.RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public void The_reference_example_itself_is_not_strict_json()
    {
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(ReferenceExample.Text));
    }

    [Fact]
    public async Task The_body_is_strict_json_without_nulls()
    {
        var note = await SavedNoteAsync(products: 0);
        var payload = WebhookPayload.Write(EventTypes.SoapNoteCreated, note, RaisedAt);

        using var body = JsonDocument.Parse(payload, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });

        Assert.DoesNotContain(Values(body.RootElement), v => v.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined);
        Assert.Equal(JsonValueKind.Array, body.RootElement.GetProperty("data").GetProperty("object").GetProperty("product_prescriptions").ValueKind);
        Assert.Equal(0, body.RootElement.GetProperty("data").GetProperty("object").GetProperty("product_prescriptions").GetArrayLength());
    }

    [Fact]
    public async Task Timestamps_are_utc_whole_seconds_with_z()
    {
        var note = await SavedNoteAsync(products: 1);

        using var body = JsonDocument.Parse(WebhookPayload.Write(EventTypes.SoapNoteUpdated, note, RaisedAt));
        var soapNote = body.RootElement.GetProperty("data").GetProperty("object");

        Assert.Equal("2026-03-26T14:20:00Z", body.RootElement.GetProperty("created_at").GetString());
        Assert.Equal("2026-03-26T14:00:00Z", soapNote.GetProperty("created_at").GetString());
        Assert.Equal("2026-03-26T14:00:00Z", soapNote.GetProperty("updated_at").GetString());
        Assert.Equal("2026-03-26T13:45:30Z", soapNote.GetProperty("seen_at").GetString());
        Assert.Equal("2018-03-26T14:20:00Z", WebhookPayload.FormatTimestamp(new DateTimeOffset(2018, 3, 26, 9, 20, 0, 500, TimeSpan.FromHours(-5))));
    }

    [Fact]
    public async Task Empty_text_is_an_empty_string_and_ids_and_counts_are_numbers()
    {
        var note = await SavedNoteAsync(products: 1);

        using var body = JsonDocument.Parse(WebhookPayload.Write(EventTypes.SoapNoteCreated, note, RaisedAt));
        var soapNote = body.RootElement.GetProperty("data").GetProperty("object");
        var quiet = soapNote.GetProperty("exercise_prescriptions")[1];

        Assert.Equal(JsonValueKind.String, soapNote.GetProperty("recommendations").ValueKind);
        Assert.Equal("", soapNote.GetProperty("recommendations").GetString());
        Assert.Equal("", quiet.GetProperty("instructions").GetString());
        Assert.Equal("", quiet.GetProperty("hold_for").GetString());
        Assert.Equal(note.Id, soapNote.GetProperty("id").GetInt32());
        Assert.Equal(note.ClientId, soapNote.GetProperty("client_id").GetInt32());
        Assert.Equal(note.ClientExternalRef, soapNote.GetProperty("client_external_ref").GetString());
        Assert.Equal(
            note.ExercisePrescriptions.Select(p => (p.Id, p.ExerciseId, p.Reps, p.Sets, p.TimesPerDay, p.TimesPerWeek)),
            soapNote.GetProperty("exercise_prescriptions").EnumerateArray().Select(p => (
                p.GetProperty("id").GetInt32(),
                p.GetProperty("exercise_id").GetInt32(),
                p.GetProperty("reps").GetInt32(),
                p.GetProperty("sets").GetInt32(),
                p.GetProperty("times_per_day").GetInt32(),
                p.GetProperty("times_per_week").GetInt32())));
        Assert.Equal("final", soapNote.GetProperty("state").GetString());
        Assert.Equal("Olivia Owner", soapNote.GetProperty("created_by").GetString());
    }

    [Fact]
    public async Task Text_with_quotes_and_non_ascii_characters_survives_as_json()
    {
        var note = await SavedNoteAsync(products: 0, recommendations: "Ice \"twice\" daily, then rest; Übungen\nnext line");

        using var body = JsonDocument.Parse(WebhookPayload.Write(EventTypes.SoapNoteCreated, note, RaisedAt));

        Assert.Equal(note.Recommendations, body.RootElement.GetProperty("data").GetProperty("object").GetProperty("recommendations").GetString());
    }

    [Fact]
    public async Task An_unknown_event_type_is_refused()
    {
        var note = await SavedNoteAsync(products: 0);

        Assert.Throws<ArgumentOutOfRangeException>(() => WebhookPayload.Write("soap_note.deleted", note, RaisedAt));
    }

    private static void AssertSameShape(JsonElement reference, JsonElement actual, string path)
    {
        Assert.True(reference.ValueKind == actual.ValueKind, $"{path}: the reference has {reference.ValueKind}, the body {actual.ValueKind}");
        switch (reference.ValueKind)
        {
            case JsonValueKind.Object:
                var referenceKeys = reference.EnumerateObject().Select(p => p.Name).ToList();
                var actualKeys = actual.EnumerateObject().Select(p => p.Name).ToList();
                Assert.True(referenceKeys.SequenceEqual(actualKeys), $"{path}: keys [{string.Join(", ", actualKeys)}], the reference has [{string.Join(", ", referenceKeys)}]");
                foreach (var property in reference.EnumerateObject())
                {
                    AssertSameShape(property.Value, actual.GetProperty(property.Name), $"{path}.{property.Name}");
                }
                break;
            case JsonValueKind.Array:
                Assert.True(actual.GetArrayLength() > 0, $"{path}: the test note must have items to compare");
                var items = reference.EnumerateArray().ToList();
                var i = 0;
                foreach (var item in actual.EnumerateArray())
                {
                    AssertSameShape(items[Math.Min(i, items.Count - 1)], item, $"{path}[{i}]");
                    i++;
                }
                break;
        }
    }

    private static IEnumerable<JsonElement> Values(JsonElement element)
    {
        yield return element;
        var children = element.ValueKind switch
        {
            JsonValueKind.Object => element.EnumerateObject().Select(p => p.Value),
            JsonValueKind.Array => element.EnumerateArray(),
            _ => [],
        };
        foreach (var child in children.SelectMany(Values))
        {
            yield return child;
        }
    }

    private static async Task<SoapNote> SavedNoteAsync(int products, string recommendations = "")
    {
        using var store = await TestStore.CreateAsync(StorageProvider.InMemory);
        await using var db = store.NewContext();
        await AccountSeeder.SeedAsync(db, new SimulatorOptions { SeedSoapNotes = 0 }, Now);
        var exercises = await db.Exercises.OrderBy(e => e.Id).Take(2).ToListAsync();
        var note = new SoapNote(
            new SoapNoteDraft(
                await db.Clients.OrderBy(c => c.Id).FirstAsync(),
                "Standard Treatment",
                recommendations,
                new DateTimeOffset(2026, 3, 26, 13, 45, 30, 600, TimeSpan.Zero),
                SoapNoteState.Final,
                [
                    new PrescribedExercise(exercises[0], new ExerciseDosage("20 seconds", "No bouncing", 1, "20 seconds", 1, 1, 3)),
                    new PrescribedExercise(exercises[1], new ExerciseDosage("", "", 5, "20 seconds", 3, 1, 3)),
                ],
                await db.Products.OrderBy(p => p.Id).Take(products).ToListAsync()),
            "Olivia Owner",
            Now.AddMilliseconds(400));
        db.SoapNotes.Add(note);
        await db.SaveChangesAsync();
        return note;
    }
}
