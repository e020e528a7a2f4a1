using System.Text.Json;
using System.Text.RegularExpressions;
using Simulator.Core.Domain;
using Simulator.Core.Payloads;

namespace Simulator.Tests.Core.Payloads;

/// <summary>A SOAP note given as an object: read strictly, written in the payload's order, the documentation's example as a fixture.</summary>
public sealed partial class SoapNoteObjectTests
{
    private static readonly DateTimeOffset RaisedAt = new(2018, 3, 26, 14, 20, 0, TimeSpan.Zero);

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    [Fact]
    public void The_reference_example_fixture_is_written_byte_for_byte_as_the_documentation_without_its_trailing_commas()
    {
        var body = WebhookPayload.Write(EventTypes.SoapNoteCreated, SoapNoteObject.Fixture("reference_example"), RaisedAt);

        Assert.Equal(TrailingComma().Replace(ReferenceExample.Text, "$1"), body);
    }

    [Fact]
    public void An_object_changed_in_code_is_sent_as_changed_and_reads_back_to_the_same_body()
    {
        var note = SoapNoteObject.ReferenceExample with { Name = "Changed", State = SoapNoteState.Draft, ExercisePrescriptions = [] };

        var body = WebhookPayload.Write(EventTypes.SoapNoteUpdated, note, RaisedAt);

        using var parsed = JsonDocument.Parse(body);
        var written = parsed.RootElement.GetProperty("data").GetProperty("object");
        Assert.Equal("Changed", written.GetProperty("name").GetString());
        Assert.Equal("draft", written.GetProperty("state").GetString());
        Assert.Equal(0, written.GetProperty("exercise_prescriptions").GetArrayLength());
        Assert.Equal(body, WebhookPayload.Write(EventTypes.SoapNoteUpdated, SoapNoteObject.Parse(written.GetRawText()), RaisedAt));
    }

    [Theory]
    [InlineData("\"reps\": 1,", "\"reps\": 1.0,", "object.exercise_prescriptions[0].reps")]
    [InlineData("\"reps\": 1,", "\"reps\": 1e0,", "object.exercise_prescriptions[0].reps")]
    [InlineData("\"reps\": 1,", "\"reps\": 1, \"reps\": 2,", "object.exercise_prescriptions[0].reps")]
    [InlineData("\"id\": 10,", "\"id\": 0,", "object.id")]
    [InlineData("\"id\": 10,", "\"id\": 2147483648,", "object.id")]
    [InlineData("\"sets\": 3,", "\"sets\": -3,", "object.exercise_prescriptions[1].sets")]
    [InlineData("\"tools\": \"\"", "\"tools\": null", "object.exercise_prescriptions[1].tools")]
    [InlineData("\"seen_at\": \"2018-03-26T14:15:00Z\"", "\"seen_at\": \"2018-03-26T14:15:00.5Z\"", "object.seen_at")]
    [InlineData("\"seen_at\": \"2018-03-26T14:15:00Z\"", "\"seen_at\": \"2018-02-30T14:15:00Z\"", "object.seen_at")]
    [InlineData("\"state\": \"final\"", "\"state\": \"Final\"", "object.state")]
    public void A_field_out_of_the_payloads_shape_is_refused_by_its_path(string find, string replace, string path)
    {
        var json = ObjectJson();
        var at = json.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0, find);
        json = string.Concat(json.AsSpan(0, at), replace, json.AsSpan(at + find.Length));

        var refused = Assert.Throws<DomainValidationException>(() => SoapNoteObject.Parse(json));

        Assert.Equal([path], refused.Errors.Keys);
    }

    [Fact]
    public void A_note_made_in_code_with_nulls_is_refused_naming_each()
    {
        var note = SoapNoteObject.ReferenceExample with
        {
            CreatedBy = null!,
            ProductPrescriptions = [SoapNoteObject.ReferenceExample.ProductPrescriptions[0] with { Name = null! }, null!],
        };

        var refused = Assert.Throws<DomainValidationException>(() => note.Validate());

        Assert.Equal(["object.created_by", "object.product_prescriptions[0].name", "object.product_prescriptions[1]"], refused.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Not_json_and_an_unknown_fixture_are_refused_by_name()
    {
        Assert.Equal(["object"], Assert.Throws<DomainValidationException>(() => SoapNoteObject.Parse("{\"name\":")).Errors.Keys);
        Assert.Equal(["fixture"], Assert.Throws<DomainValidationException>(() => SoapNoteObject.Fixture("nope")).Errors.Keys);
    }

    /// <summary>The documentation's data.object, strict JSON, as text (the replacements work on its lines).</summary>
    private static string ObjectJson()
    {
        using var reference = ReferenceExample.Parse();
        return JsonSerializer.Serialize(reference.RootElement.GetProperty("data").GetProperty("object"), Indented);
    }

    [GeneratedRegex(@",(\s*[}\]])")]
    private static partial Regex TrailingComma();
}
