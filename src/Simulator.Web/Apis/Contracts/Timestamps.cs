using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Simulator.Core.Payloads;

namespace Simulator.Web.Apis.Contracts;

/// <summary>Every timestamp of the API as on the wire: UTC, whole seconds, <c>Z</c>.</summary>
public sealed class TimestampJsonConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        if (text is null || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            throw new JsonException("Expected a timestamp such as 2018-03-26T14:20:00Z.");
        }
        return value;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(WebhookPayload.FormatTimestamp(value));
    }
}
