using System.Text.Json;
using System.Text.Json.Serialization;
using Simulator.Core.Payloads;

namespace Simulator.Core.ReceiverChecks;

/// <summary>A check as JSON, the shape <c>GET /api/receiver-checks/{id}</c> answers (snake_case names and values).</summary>
public static class JsonReport
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static string Write(ReceiverCheckReport report) => JsonSerializer.Serialize(report, Options);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            WriteIndented = true,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.Converters.Add(new TimestampConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private sealed class TimestampConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(WebhookPayload.FormatTimestamp(value));
    }
}
