using System.Text.Json;
using System.Text.RegularExpressions;

namespace Simulator.Tests.Core.Payloads;

/// <summary>
/// The example soap note webhook from the Instinctive Notes reference ("Webhook response"),
/// verbatim, trailing commas included (the reference's own typos, which no JSON parser accepts).
/// </summary>
internal static partial class ReferenceExample
{
    public const string Text = """
        {
          "created_at": "2018-03-26T14:20:00Z",
          "data": {
            "object": {
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
                  "tools": "Foam roller",
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
                  "tools": "",
                }
              ],
              "id": 10,
              "name": "Standard Treatment",
              "product_prescriptions": [
                {
                  "name": "Complete Sleeprrr Pillow",
                  "product_external_ref": "123456",
                  "product_id": 35,
                },
                {
                  "name": "Flex-Heat Lupin Pack",
                  "product_external_ref": "987654",
                  "product_id": 275,
                }
              ],
              "recommendations": "Get more sleep, Elevate injury, Weight bearing exercise",
              "seen_at": "2018-03-26T14:15:00Z",
              "state": "final",
              "updated_at": "2018-03-26T14:18:00Z",
            },
          },
          "type": "soap_note.created"
        }
        """;

    /// <summary>The example as strict JSON: the trailing commas stripped, nothing else changed.</summary>
    public static JsonDocument Parse() => JsonDocument.Parse(TrailingComma().Replace(Text, "$1"));

    [GeneratedRegex(@",(\s*[}\]])")]
    private static partial Regex TrailingComma();
}
