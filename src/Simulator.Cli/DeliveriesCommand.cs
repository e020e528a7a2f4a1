using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Simulator.Cli;

/// <summary><c>insim deliveries [--status S] [--json]</c>: the running simulator's deliveries, newest first.</summary>
public static class DeliveriesCommand
{
    public const string Name = "deliveries";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static readonly string Help = $"""

        Examples:
          insim deliveries
          insim deliveries --status failed
          insim deliveries --json > deliveries.json      # with every attempt, as GET /api/deliveries gives them

        {DriveOptions.ExitCodesHelp}
        """;

    public static Command Create(TextWriter output)
    {
        var status = new Option<string?>("--status") { Description = "Only deliveries in this status", HelpName = "S" };
        status.AcceptOnlyFromAmong("pending", "succeeded", "failed", "cancelled");
        var json = new Option<bool>("--json") { Description = "The API's JSON (every attempt included) instead of a table" };
        var drive = new DriveOptions();
        var command = drive.AddTo(new Command(Name, "List the running simulator's deliveries, newest first (the latest 100)") { status, json });
        command.SetAction(async (result, cancellationToken) =>
        {
            using var api = drive.Connect(result);
            var filter = result.GetValue(status) is { } wanted ? $"?status={Uri.EscapeDataString(wanted)}" : "";
            var deliveries = (await api.GetAsync($"api/deliveries{filter}", cancellationToken)).Json as JsonArray
                ?? throw new CommandFailedException("The simulator answered GET /api/deliveries with something other than a list.");
            await output.WriteAsync(result.GetValue(json) ? deliveries.ToJsonString(Indented) + Environment.NewLine : DeliveryText.Table(deliveries));
            return ExitCodes.Passed;
        });
        return command;
    }
}
