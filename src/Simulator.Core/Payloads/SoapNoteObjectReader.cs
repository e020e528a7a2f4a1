using System.Globalization;
using System.Text.Json;
using Simulator.Core.Domain;

namespace Simulator.Core.Payloads;

/// <summary>
/// Reads a SOAP note in the payload's shape, strictly: every field of the reference present once,
/// no other, each of its kind (text a string, ids and counts whole numbers, timestamps UTC whole
/// seconds with <c>Z</c>, <c>state</c> <c>draft</c> or <c>final</c>). Every problem is reported,
/// each under its path, e.g. <c>object.exercise_prescriptions[2].reps</c>.
/// </summary>
internal static class SoapNoteObjectReader
{
    private static readonly string[] NoteFields =
    [
        "client_external_ref", "client_id", "created_at", "created_by", "exercise_prescriptions", "id", "name",
        "product_prescriptions", "recommendations", "seen_at", "state", "updated_at",
    ];

    private static readonly string[] ExerciseFields =
    [
        "exercise_external_ref", "exercise_id", "hold_for", "id", "instructions", "name", "reps", "rest_time", "sets",
        "times_per_day", "times_per_week", "tools",
    ];

    private static readonly string[] ProductFields = ["name", "product_external_ref", "product_id"];

    public static SoapNoteObject Read(JsonElement json, string path)
    {
        var errors = new Dictionary<string, List<string>>();
        var note = new Fields(json, path, "SOAP note", NoteFields, errors);
        var read = new SoapNoteObject(
            note.Text("client_external_ref"),
            note.Id("client_id"),
            note.Timestamp("created_at"),
            note.Text("created_by"),
            note.List("exercise_prescriptions", "exercise prescription", ReadExercise),
            note.Id("id"),
            note.Text("name"),
            note.List("product_prescriptions", "product prescription", ReadProduct),
            note.Text("recommendations"),
            note.Timestamp("seen_at"),
            note.State("state"),
            note.Timestamp("updated_at"));
        DomainValidationException.ThrowIfAny(errors);
        return read;
    }

    private static ExercisePrescriptionObject ReadExercise(JsonElement json, string path, Dictionary<string, List<string>> errors)
    {
        var exercise = new Fields(json, path, "exercise prescription", ExerciseFields, errors);
        return new ExercisePrescriptionObject(
            exercise.Text("exercise_external_ref"),
            exercise.Id("exercise_id"),
            exercise.Text("hold_for"),
            exercise.Id("id"),
            exercise.Text("instructions"),
            exercise.Text("name"),
            exercise.Count("reps"),
            exercise.Text("rest_time"),
            exercise.Count("sets"),
            exercise.Count("times_per_day"),
            exercise.Count("times_per_week"),
            exercise.Text("tools"));
    }

    private static ProductPrescriptionObject ReadProduct(JsonElement json, string path, Dictionary<string, List<string>> errors)
    {
        var product = new Fields(json, path, "product prescription", ProductFields, errors);
        return new ProductPrescriptionObject(product.Text("name"), product.Text("product_external_ref"), product.Id("product_id"));
    }

    /// <summary>The members of one JSON object, checked against the fields its kind has.</summary>
    private sealed class Fields
    {
        private readonly Dictionary<string, JsonElement> _values = new(StringComparer.Ordinal);
        private readonly string _path;
        private readonly string _kind;
        private readonly Dictionary<string, List<string>> _errors;
        private readonly bool _isObject;

        public Fields(JsonElement json, string path, string kind, string[] known, Dictionary<string, List<string>> errors)
        {
            _path = path;
            _kind = kind;
            _errors = errors;
            _isObject = json.ValueKind == JsonValueKind.Object;
            if (!_isObject)
            {
                Refuse(path, $"Must be a JSON object: a {kind} in the payload's shape.");
                return;
            }
            foreach (var member in json.EnumerateObject())
            {
                if (!known.Contains(member.Name, StringComparer.Ordinal))
                {
                    Refuse(At(member.Name), $"Unknown field: a {kind} in the payload has only {string.Join(", ", known)}.");
                }
                else if (!_values.TryAdd(member.Name, member.Value))
                {
                    Refuse(At(member.Name), "Given twice: give each field once.");
                }
            }
        }

        public string Text(string name) => Value(name) is not { } value ? string.Empty
            : value.ValueKind == JsonValueKind.String ? value.GetString()!
            : Wrong(name, "Must be a string (empty text is \"\", never null).", string.Empty);

        public int Id(string name) => Number(name, 1, "Must be a whole number from 1 to 2147483647 (an id).");

        public int Count(string name) => Number(name, 0, "Must be a whole number from 0 to 2147483647.");

        public DateTimeOffset Timestamp(string name)
        {
            if (Value(name) is not { } value)
            {
                return default;
            }
            return value.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParseExact(value.GetString(), "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
                ? at
                : Wrong(name, "Must be a timestamp in UTC, whole seconds, with Z, e.g. 2018-03-26T14:20:00Z.", default(DateTimeOffset));
        }

        public SoapNoteState State(string name) => Value(name) is not { } value ? default
            : value.ValueKind == JsonValueKind.String && value.GetString() is "draft" or "final"
                ? (value.GetString() == "final" ? SoapNoteState.Final : SoapNoteState.Draft)
                : Wrong(name, "Must be \"draft\" or \"final\".", default(SoapNoteState));

        public List<T> List<T>(string name, string itemKind, Func<JsonElement, string, Dictionary<string, List<string>>, T> read)
        {
            if (Value(name) is not { } value)
            {
                return [];
            }
            if (value.ValueKind != JsonValueKind.Array)
            {
                return Wrong(name, $"Must be a list ([...], may be empty) of {itemKind}s.", new List<T>());
            }
            return [.. value.EnumerateArray().Select((item, i) => read(item, $"{At(name)}[{i}]", _errors))];
        }

        private int Number(string name, int least, string message) =>
            Value(name) is not { } value ? 0
            : value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= least ? number
            : Wrong(name, message, 0);

        private JsonElement? Value(string name)
        {
            if (!_isObject)
            {
                return null;
            }
            if (_values.TryGetValue(name, out var value))
            {
                return value;
            }
            Refuse(At(name), $"Missing: every {_kind} in a payload has {name}.");
            return null;
        }

        private T Wrong<T>(string name, string message, T fallback)
        {
            Refuse(At(name), message);
            return fallback;
        }

        private string At(string name) => $"{_path}.{name}";

        private void Refuse(string field, string message)
        {
            if (_errors.TryGetValue(field, out var messages))
            {
                messages.Add(message);
            }
            else
            {
                _errors[field] = [message];
            }
        }
    }
}
