using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Simulator.Cli;

/// <summary>
/// <c>insim trigger &lt;event_type&gt; [--note FILE]</c>: raises an event the way the real service does, by saving a SOAP
/// note: <c>soap_note.created</c> creates one (<c>POST /api/soap-notes</c>), <c>soap_note.updated</c> changes one
/// (<c>PATCH /api/soap-notes/{id}</c>). Fields from FILE, the rest generated.
/// </summary>
public static class TriggerCommand
{
    public const string Name = "trigger";
    public const string Created = "soap_note.created";
    public const string Updated = "soap_note.updated";
    private const string EventIdHeader = "X-Simulator-Event-Id";
    private static readonly TimeSpan FirstAttemptWait = TimeSpan.FromSeconds(15);

    public static readonly string Help = $"""

        Examples:
          insim trigger soap_note.created                   # a realistic generated note
          insim trigger soap_note.created --note note.json  # {"{"}"name":"Knee rehab","state":"final"{"}"}: fields as POST /api/soap-notes takes them
          insim trigger soap_note.updated                   # a realistic change to the newest note
          insim trigger soap_note.updated --note change.json   # {"{"}"id":11,"recommendations":"Rest"{"}"}: those fields of note 11

        Fields left out are generated. For soap_note.updated, FILE's "id" names the note (else the newest).

        {DriveOptions.ExitCodesHelp}
        """;

    public static Command Create(TextWriter output)
    {
        var type = new Argument<string>("event_type") { Description = $"{Created} or {Updated}" };
        type.AcceptOnlyFromAmong(Created, Updated);
        var note = new Option<FileInfo?>("--note") { Description = "A JSON object with the note's fields (any left out are generated)", HelpName = "FILE" };
        var drive = new DriveOptions();
        var command = drive.AddTo(new Command(Name, "Raise an event on the running simulator by saving a SOAP note: its deliveries go to every subscribed endpoint") { type, note });
        command.SetAction(async (result, cancellationToken) =>
        {
            var fields = await ReadNoteAsync(result.GetValue(note), cancellationToken);
            using var api = drive.Connect(result);
            var created = result.GetValue(type) == Created;
            var saved = created
                ? await api.SendAsync(HttpMethod.Post, "api/soap-notes", fields, cancellationToken)
                : await UpdateAsync(api, fields, cancellationToken);
            var noteId = saved.Json["id"]?.ToString() ?? "?";
            if (!saved.Headers.TryGetValues(EventIdHeader, out var values) || !long.TryParse(values.FirstOrDefault(), CultureInfo.InvariantCulture, out var eventId))
            {
                await output.WriteLineAsync($"SOAP note {noteId} {(created ? "created" : "changed")}; the simulator did not say which event it raised.");
                return ExitCodes.Passed;
            }
            var deliveries = await FirstAttemptsAsync(api, eventId, cancellationToken);
            await output.WriteLineAsync($"{result.GetValue(type)}: SOAP note {noteId} {(created ? "created" : "changed")}, event {eventId} raised.");
            if (deliveries.Count == 0)
            {
                await output.WriteLineAsync("No active endpoint subscribes to it: nothing is sent. (Endpoints start inactive; activating needs the Premium plan.)");
            }
            foreach (var delivery in deliveries.OfType<JsonObject>())
            {
                await output.WriteLineAsync($"  {DeliveryText.Sentence(delivery)}");
            }
            return ExitCodes.Passed;
        });
        return command;
    }

    /// <summary>The event's deliveries once their first attempts (sent at once, in the background) have answered or timed out (10 s by default), for up to 15 s.</summary>
    private static async Task<JsonArray> FirstAttemptsAsync(SimulatorApi api, long eventId, CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var deliveries = (await api.GetAsync($"api/deliveries?event_id={eventId}", cancellationToken)).Json as JsonArray ?? [];
            if (waited.Elapsed >= FirstAttemptWait || deliveries.OfType<JsonObject>().All(d => DeliveryText.LastAnswer(d).Length > 0))
            {
                return deliveries;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    private static async Task<ApiAnswer> UpdateAsync(SimulatorApi api, JsonObject fields, CancellationToken cancellationToken)
    {
        long noteId;
        if (fields["id"] is JsonNode given)
        {
            if (given.GetValueKind() != JsonValueKind.Number || !long.TryParse(given.ToString(), CultureInfo.InvariantCulture, out noteId))
            {
                throw new CommandFailedException($"--note: \"id\" names the note to change: give a number, not {TerminalText.Clean(given.ToJsonString())}.");
            }
            fields.Remove("id");
        }
        else
        {
            var newest = (await api.GetAsync("api/soap-notes?limit=1", cancellationToken)).Json as JsonArray;
            if (newest is not [JsonObject first] || !long.TryParse(first["id"]?.ToString(), CultureInfo.InvariantCulture, out noteId))
            {
                throw new CommandFailedException($"There is no SOAP note to change: trigger {Created} first.");
            }
        }
        return await api.SendAsync(HttpMethod.Patch, $"api/soap-notes/{noteId}", fields, cancellationToken);
    }

    /// <summary>The note's fields from FILE, or none (every field generated).</summary>
    private static Task<JsonObject> ReadNoteAsync(FileInfo? file, CancellationToken cancellationToken) =>
        ReadObjectAsync(file, "--note", "a JSON object with the note's fields, like {\"name\":\"Knee rehab\"}", cancellationToken);

    /// <summary>A JSON object from FILE (none: empty), refused with a message naming <paramref name="option"/>.</summary>
    internal static async Task<JsonObject> ReadObjectAsync(FileInfo? file, string option, string expected, CancellationToken cancellationToken)
    {
        if (file is null)
        {
            return [];
        }
        string text;
        try
        {
            text = await File.ReadAllTextAsync(file.FullName, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new CommandFailedException($"{option} {file.FullName}: cannot read it ({TerminalText.Clean(e.Message)}).", e);
        }
        try
        {
            return JsonNode.Parse(text) as JsonObject
                ?? throw new CommandFailedException($"{option} {file.FullName}: give {expected}.");
        }
        catch (JsonException e)
        {
            throw new CommandFailedException($"{option} {file.FullName}: not JSON ({TerminalText.Clean(e.Message)}).", e);
        }
    }
}
