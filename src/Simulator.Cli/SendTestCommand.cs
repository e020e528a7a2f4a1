using System.CommandLine;
using System.Text.Json.Nodes;
using Simulator.Core.Payloads;

namespace Simulator.Cli;

/// <summary>
/// <c>insim send-test &lt;endpoint_id&gt; [--event TYPE] [--object FILE | --fixture reference_example]</c>: the endpoint
/// page's "Send test" (<c>POST /api/webhook-endpoints/{id}/test</c>): one attempt now, whatever the endpoint's status, of
/// the last saved note, a complete note from FILE (the documentation's example as it is, say), or a fixture; not saved.
/// </summary>
public static class SendTestCommand
{
    public const string Name = "send-test";

    public static readonly string Help = $"""

        Examples:
          insim send-test 1                                   # soap_note.created with the last saved note
          insim send-test 1 --fixture {SoapNoteObject.ReferenceExampleName}      # the documentation's own example object
          insim send-test 1 --event soap_note.updated --object note.json   # a complete note, sent as data.object exactly

        --object FILE is a whole SOAP note in the payload's shape (every field, ids included, as a receiver gets it);
        a missing, unknown or mistyped field is refused, named by its path (object.exercise_prescriptions[2].reps).
        To raise a real event with a note saved from some fields, use insim trigger --note.

        {DriveOptions.ExitCodesHelp}
        """;

    public static Command Create(TextWriter output)
    {
        var id = new Argument<int>("endpoint_id") { Description = "The endpoint to send the test to (any status)" };
        var type = new Option<string>("--event") { Description = "soap_note.created or soap_note.updated", HelpName = "type", DefaultValueFactory = _ => TriggerCommand.Created };
        var note = new Option<FileInfo?>("--object") { Description = "A complete SOAP note in the payload's shape, sent as data.object exactly", HelpName = "FILE" };
        var fixture = new Option<string?>("--fixture") { Description = $"A note the simulator knows: {string.Join(", ", SoapNoteObject.Fixtures)} (the documentation's example)", HelpName = "name" };
        fixture.AcceptOnlyFromAmong([.. SoapNoteObject.Fixtures]);
        var drive = new DriveOptions();
        var command = drive.AddTo(new Command(Name, "Send a test event to an endpoint now: the last saved note, a complete note from a file, or a fixture") { id, type, note, fixture });
        command.Validators.Add(result =>
        {
            if (result.GetResult(note) is not null && result.GetResult(fixture) is not null)
            {
                result.AddError("--object and --fixture: give one of them, not both.");
            }
        });
        command.SetAction(async (result, cancellationToken) =>
        {
            var endpointId = result.GetValue(id);
            if (endpointId <= 0)
            {
                throw new CommandFailedException($"endpoint_id {endpointId}: give an endpoint's id, a number from 1.");
            }
            var eventType = result.GetValue(type);
            if (eventType is not (TriggerCommand.Created or TriggerCommand.Updated))
            {
                throw new CommandFailedException($"--event {TerminalText.Clean(eventType)}: give {TriggerCommand.Created} or {TriggerCommand.Updated}.");
            }
            var body = new JsonObject { ["event_type"] = eventType };
            if (result.GetValue(note) is { } file)
            {
                body["object"] = await TriggerCommand.ReadObjectAsync(file, "--object", "a JSON object: a complete SOAP note in the payload's shape", cancellationToken);
            }
            else if (result.GetValue(fixture) is { } name)
            {
                body["fixture"] = name;
            }
            using var api = drive.Connect(result);
            var delivery = (await api.SendAsync(HttpMethod.Post, $"api/webhook-endpoints/{endpointId}/test", body, cancellationToken)).Json as JsonObject
                ?? throw new CommandFailedException("The simulator answered the test send with something other than the delivery.");
            await output.WriteLineAsync($"{eventType} (test): {DeliveryText.Sentence(delivery)}.");
            return ExitCodes.Passed;
        });
        return command;
    }
}
