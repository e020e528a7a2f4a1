using System.Globalization;
using System.Text;
using System.Text.Json;
using Simulator.Core.Domain;

namespace Simulator.Core.Payloads;

/// <summary>
/// Writes the body of a webhook request exactly as the README ("Delivery rules") and the Instinctive
/// Notes reference give it: strict JSON, the reference's keys in its order, whole-second UTC
/// timestamps with <c>Z</c>, numbers for ids and counts, strings (never null) for text.
/// </summary>
public static class WebhookPayload
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true };

    public static string Write(string eventType, SoapNote note, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(note);
        return Write(eventType, SoapNoteObject.From(note), createdAt);
    }

    /// <summary>The body for an object given as it is (a test send's): never saved, sent exactly so.</summary>
    public static string Write(string eventType, SoapNoteObject note, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(note);
        if (!EventTypes.IsKnown(eventType))
        {
            throw new ArgumentOutOfRangeException(nameof(eventType), eventType, "Unknown event type.");
        }
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("created_at", FormatTimestamp(createdAt));
            json.WriteStartObject("data");
            json.WritePropertyName("object");
            WriteSoapNote(json, note);
            json.WriteEndObject();
            json.WriteString("type", eventType);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The SOAP note alone, indented as in a body: what <c>data.object</c> holds (a starting point to edit).</summary>
    public static string WriteObject(SoapNoteObject note)
    {
        ArgumentNullException.ThrowIfNull(note);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteSoapNote(json, note);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>UTC, whole seconds, <c>Z</c>: <c>2018-03-26T14:20:00Z</c>.</summary>
    public static string FormatTimestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void WriteSoapNote(Utf8JsonWriter json, SoapNoteObject note)
    {
        json.WriteStartObject();
        json.WriteString("client_external_ref", note.ClientExternalRef);
        json.WriteNumber("client_id", note.ClientId);
        json.WriteString("created_at", FormatTimestamp(note.CreatedAt));
        json.WriteString("created_by", note.CreatedBy);
        json.WriteStartArray("exercise_prescriptions");
        foreach (var exercise in note.ExercisePrescriptions)
        {
            json.WriteStartObject();
            json.WriteString("exercise_external_ref", exercise.ExerciseExternalRef);
            json.WriteNumber("exercise_id", exercise.ExerciseId);
            json.WriteString("hold_for", exercise.HoldFor);
            json.WriteNumber("id", exercise.Id);
            json.WriteString("instructions", exercise.Instructions);
            json.WriteString("name", exercise.Name);
            json.WriteNumber("reps", exercise.Reps);
            json.WriteString("rest_time", exercise.RestTime);
            json.WriteNumber("sets", exercise.Sets);
            json.WriteNumber("times_per_day", exercise.TimesPerDay);
            json.WriteNumber("times_per_week", exercise.TimesPerWeek);
            json.WriteString("tools", exercise.Tools);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteNumber("id", note.Id);
        json.WriteString("name", note.Name);
        json.WriteStartArray("product_prescriptions");
        foreach (var product in note.ProductPrescriptions)
        {
            json.WriteStartObject();
            json.WriteString("name", product.Name);
            json.WriteString("product_external_ref", product.ProductExternalRef);
            json.WriteNumber("product_id", product.ProductId);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteString("recommendations", note.Recommendations);
        json.WriteString("seen_at", FormatTimestamp(note.SeenAt));
        json.WriteString("state", note.State == SoapNoteState.Final ? "final" : "draft");
        json.WriteString("updated_at", FormatTimestamp(note.UpdatedAt));
        json.WriteEndObject();
    }
}
