using System.Text.Json;
using Simulator.Core.Domain;
using Simulator.Core.Payloads;

namespace Simulator.Tests.Core.Payloads;

/// <summary>The body a receiver gets, byte for byte, for a note whose every field has a value of its own.</summary>
public sealed class WebhookPayloadBodyTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 26, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_body_carries_every_field_of_the_note_with_its_own_value()
    {
        var note = Note(SoapNoteState.Final);

        var body = WebhookPayload.Write(EventTypes.SoapNoteUpdated, note, Now.AddMinutes(20));

        Assert.Equal(
            """
            {
              "created_at": "2026-03-26T14:20:00Z",
              "data": {
                "object": {
                  "client_external_ref": "C-77",
                  "client_id": 12,
                  "created_at": "2026-03-26T14:00:00Z",
                  "created_by": "Olivia Owner",
                  "exercise_prescriptions": [
                    {
                      "exercise_external_ref": "EX-5",
                      "exercise_id": 5,
                      "hold_for": "10 seconds",
                      "id": 101,
                      "instructions": "Slowly",
                      "name": "Bridge",
                      "reps": 8,
                      "rest_time": "30 seconds",
                      "sets": 2,
                      "times_per_day": 3,
                      "times_per_week": 6,
                      "tools": "Mat"
                    }
                  ],
                  "id": 44,
                  "name": "Follow-up",
                  "product_prescriptions": [
                    {
                      "name": "Heat pack",
                      "product_external_ref": "P-9",
                      "product_id": 9
                    }
                  ],
                  "recommendations": "Walk daily",
                  "seen_at": "2026-03-25T09:30:00Z",
                  "state": "final",
                  "updated_at": "2026-03-26T14:00:00Z"
                }
              },
              "type": "soap_note.updated"
            }
            """.ReplaceLineEndings("\n"),
            body.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_draft_note_is_sent_as_a_draft()
    {
        using var body = JsonDocument.Parse(WebhookPayload.Write(EventTypes.SoapNoteCreated, Note(SoapNoteState.Draft), Now));

        Assert.Equal("draft", body.RootElement.GetProperty("data").GetProperty("object").GetProperty("state").GetString());
        Assert.Equal("soap_note.created", body.RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public void Prescriptions_are_listed_in_the_order_they_were_made_whatever_order_they_are_held_in()
    {
        var products = new[] { new Product(3, "P-3", "Pillow"), new Product(4, "P-4", "Band"), new Product(5, "P-5", "Roller") };
        var exercises = new[] { Exercise(1, "Squat"), Exercise(2, "Lunge"), Exercise(3, "Plank") };
        var note = new SoapNote(
            new SoapNoteDraft(new Client(1, "C-1", "Ann", "Lee"), "Plan", "", Now, SoapNoteState.Final, [.. exercises.Select(e => new PrescribedExercise(e, Dosage))], products),
            "Olivia Owner",
            Now);
        var nextId = 30;
        note.Identify(8, () => nextId--); // the store may hand out ids in any order: held as 30, 29, 28 and 27, 26, 25

        using var body = JsonDocument.Parse(WebhookPayload.Write(EventTypes.SoapNoteCreated, note, Now));
        var soapNote = body.RootElement.GetProperty("data").GetProperty("object");

        Assert.Equal(
            [(28, "Plank"), (29, "Lunge"), (30, "Squat")],
            soapNote.GetProperty("exercise_prescriptions").EnumerateArray().Select(p => (p.GetProperty("id").GetInt32(), p.GetProperty("name").GetString())));
        Assert.Equal(
            ["Roller", "Band", "Pillow"],
            soapNote.GetProperty("product_prescriptions").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
    }

    [Fact]
    public void A_body_needs_a_note()
    {
        Assert.Equal("note", Assert.Throws<ArgumentNullException>(() => WebhookPayload.Write(EventTypes.SoapNoteCreated, (SoapNote)null!, Now)).ParamName);
    }

    private static readonly ExerciseDosage Dosage = new("10 seconds", "Slowly", 8, "30 seconds", 2, 3, 6);

    private static Exercise Exercise(int id, string name) => new(id, $"EX-{id}", name, "Mat");

    private static SoapNote Note(SoapNoteState state)
    {
        var note = new SoapNote(
            new SoapNoteDraft(
                new Client(12, "C-77", "Ann", "Lee"),
                "Follow-up",
                "Walk daily",
                new DateTimeOffset(2026, 3, 25, 10, 30, 0, 250, TimeSpan.FromHours(1)),
                state,
                [new PrescribedExercise(Exercise(5, "Bridge"), Dosage)],
                [new Product(9, "P-9", "Heat pack")]),
            "Olivia Owner",
            Now.AddMilliseconds(600));
        var nextId = 101;
        note.Identify(44, () => nextId++);
        return note;
    }
}
