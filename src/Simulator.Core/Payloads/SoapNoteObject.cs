using System.Text.Json;
using Simulator.Core.Domain;

namespace Simulator.Core.Payloads;

/// <summary>
/// A SOAP note exactly as a webhook carries it in <c>data.object</c>: every field of the reference,
/// with the values to send. Made from a saved note (<see cref="From"/>), read from JSON in the
/// payload's shape (<see cref="Parse(string, string)"/>), or one of the <see cref="Fixtures"/>; change
/// fields with <c>with</c>. It is sent as given and never saved.
/// </summary>
public sealed record SoapNoteObject(
    string ClientExternalRef,
    int ClientId,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    IReadOnlyList<ExercisePrescriptionObject> ExercisePrescriptions,
    int Id,
    string Name,
    IReadOnlyList<ProductPrescriptionObject> ProductPrescriptions,
    string Recommendations,
    DateTimeOffset SeenAt,
    SoapNoteState State,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The name of the documentation's own example as a fixture.</summary>
    public const string ReferenceExampleName = "reference_example";

    private static readonly string[] NotNull = ["Required, not null: text may be empty (\"\") and a list may be empty ([])."];

    private static readonly Lazy<SoapNoteObject> Reference = new(() => Parse(ReferenceExampleJson, "fixture"));

    /// <summary>
    /// The SOAP note of the documentation's example ("Webhook response"), its trailing commas
    /// removed and nothing else changed.
    /// </summary>
    public static SoapNoteObject ReferenceExample => Reference.Value;

    /// <summary>The fixtures a test send may name, by name.</summary>
    public static IReadOnlyList<string> Fixtures { get; } = [ReferenceExampleName];

    /// <summary>The fixture called <paramref name="name"/>; an unknown name is refused, naming <c>fixture</c>.</summary>
    public static SoapNoteObject Fixture(string? name) => name switch
    {
        ReferenceExampleName => ReferenceExample,
        _ => throw new DomainValidationException(new Dictionary<string, string[]>
        {
            ["fixture"] = [$"Unknown fixture '{name}'. Available: {string.Join(", ", Fixtures)}."],
        }),
    };

    /// <summary>The note as it is sent: prescriptions in the order of their ids.</summary>
    public static SoapNoteObject From(SoapNote note)
    {
        ArgumentNullException.ThrowIfNull(note);
        return new SoapNoteObject(
            note.ClientExternalRef,
            note.ClientId,
            note.CreatedAt,
            note.CreatedBy,
            [.. note.ExercisePrescriptions.OrderBy(e => e.Id).Select(ExercisePrescriptionObject.From)],
            note.Id,
            note.Name,
            [.. note.ProductPrescriptions.OrderBy(p => p.Id).Select(ProductPrescriptionObject.From)],
            note.Recommendations,
            note.SeenAt,
            note.State,
            note.UpdatedAt);
    }

    /// <summary>
    /// Reads a complete SOAP note in the payload's shape. A field that is missing, unknown, given
    /// twice or of the wrong type is refused with a <see cref="DomainValidationException"/> naming it
    /// by its path under <paramref name="path"/>, e.g. <c>object.exercise_prescriptions[2].reps</c>.
    /// </summary>
    public static SoapNoteObject Parse(JsonElement json, string path = "object") => SoapNoteObjectReader.Read(json, path);

    /// <inheritdoc cref="Parse(JsonElement, string)"/>
    public static SoapNoteObject Parse(string json, string path = "object")
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { [path] = ["Not valid JSON: give one JSON object, a SOAP note in the payload's shape."] });
        }
        using (document)
        {
            return Parse(document.RootElement, path);
        }
    }

    /// <summary>Refuses a note made in code with a null text, list or prescription, naming the field (under <paramref name="path"/>).</summary>
    public void Validate(string path = "object")
    {
        var nulls = new List<string>();
        void Check(string field, object? value)
        {
            if (value is null)
            {
                nulls.Add(field);
            }
        }
        Check("client_external_ref", ClientExternalRef);
        Check("created_by", CreatedBy);
        Check("exercise_prescriptions", ExercisePrescriptions);
        Check("name", Name);
        Check("product_prescriptions", ProductPrescriptions);
        Check("recommendations", Recommendations);
        for (var i = 0; i < (ExercisePrescriptions?.Count ?? 0); i++)
        {
            var at = $"exercise_prescriptions[{i}]";
            if (ExercisePrescriptions![i] is not { } exercise)
            {
                nulls.Add(at);
                continue;
            }
            Check(at + ".exercise_external_ref", exercise.ExerciseExternalRef);
            Check(at + ".hold_for", exercise.HoldFor);
            Check(at + ".instructions", exercise.Instructions);
            Check(at + ".name", exercise.Name);
            Check(at + ".rest_time", exercise.RestTime);
            Check(at + ".tools", exercise.Tools);
        }
        for (var i = 0; i < (ProductPrescriptions?.Count ?? 0); i++)
        {
            var at = $"product_prescriptions[{i}]";
            if (ProductPrescriptions![i] is not { } product)
            {
                nulls.Add(at);
                continue;
            }
            Check(at + ".name", product.Name);
            Check(at + ".product_external_ref", product.ProductExternalRef);
        }
        if (nulls.Count > 0)
        {
            throw new DomainValidationException(nulls.ToDictionary(
                f => $"{path}.{f}",
                _ => NotNull));
        }
    }

    /// <summary>The documentation's example object, strict JSON (its trailing commas removed).</summary>
    private const string ReferenceExampleJson = """
        {
          "client_external_ref": "123456",
          "client_id": 50,
          "created_at": "2018-03-26T14:18:00Z",
          "created_by": "Simon Jones",
          "exercise_prescriptions": [
            {
              "exercise_external_ref": "444555",
              "exercise_id": 33,
              "hold_for": "20 seconds",
              "id": 1735,
              "instructions": "No bouncing",
              "name": "Stretch - Hip Flexor",
              "reps": 1,
              "rest_time": "20 seconds",
              "sets": 1,
              "times_per_day": 1,
              "times_per_week": 3,
              "tools": "Foam roller"
            },
            {
              "exercise_external_ref": "776655",
              "exercise_id": 75,
              "hold_for": "2 seconds",
              "id": 1973,
              "instructions": "",
              "name": "Chin ups",
              "reps": 5,
              "rest_time": "20 seconds",
              "sets": 3,
              "times_per_day": 1,
              "times_per_week": 3,
              "tools": ""
            }
          ],
          "id": 10,
          "name": "Standard Treatment",
          "product_prescriptions": [
            {
              "name": "Complete Sleeprrr Pillow",
              "product_external_ref": "123456",
              "product_id": 35
            },
            {
              "name": "Flex-Heat Lupin Pack",
              "product_external_ref": "987654",
              "product_id": 275
            }
          ],
          "recommendations": "Get more sleep, Elevate injury, Weight bearing exercise",
          "seen_at": "2018-03-26T14:15:00Z",
          "state": "final",
          "updated_at": "2018-03-26T14:18:00Z"
        }
        """;
}
