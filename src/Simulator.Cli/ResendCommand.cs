using System.CommandLine;
using System.Text.Json.Nodes;

namespace Simulator.Cli;

/// <summary><c>insim resend &lt;delivery_id&gt;</c>: sends a delivery again now (<c>POST /api/deliveries/{id}/retry</c>).</summary>
public static class ResendCommand
{
    public const string Name = "resend";

    public static readonly string Help = $"""

        Examples:
          insim resend 7             # the identical bytes again, as a duplicate would arrive

        A pending delivery keeps its retry schedule; a finished one stays as it is unless the attempt succeeds.

        {DriveOptions.ExitCodesHelp}
        """;

    public static Command Create(TextWriter output)
    {
        var id = new Argument<long>("delivery_id") { Description = "The delivery to send again (insim deliveries lists them)" };
        var drive = new DriveOptions();
        var command = drive.AddTo(new Command(Name, "Send a delivery again now: a new attempt with the same bytes") { id });
        command.SetAction(async (result, cancellationToken) =>
        {
            var deliveryId = result.GetValue(id);
            if (deliveryId <= 0)
            {
                throw new CommandFailedException($"delivery_id {deliveryId}: give a delivery's id, a number from 1 (insim deliveries lists them).");
            }
            using var api = drive.Connect(result);
            var delivery = (await api.SendAsync(HttpMethod.Post, $"api/deliveries/{deliveryId}/retry", null, cancellationToken)).Json as JsonObject
                ?? throw new CommandFailedException("The simulator answered the resend with something other than the delivery.");
            await output.WriteLineAsync($"Sent again: {DeliveryText.Sentence(delivery)}.");
            return ExitCodes.Passed;
        });
        return command;
    }
}
