using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Simulator.Cli;

/// <summary>
/// <c>insim recover &lt;endpoint_id&gt; --since &lt;time&gt;</c>: sends again every delivery to the endpoint that failed or
/// was cancelled, for events raised since then (<c>POST /api/webhook-endpoints/{id}/recover</c>).
/// </summary>
public static class RecoverCommand
{
    public const string Name = "recover";

    public static readonly string Help = $"""

        Examples:
          insim recover 1 --since 2026-12-01T00:00:00Z
          insim recover 1 --since 24h      # events of the last 24 simulated hours

        {DriveOptions.ExitCodesHelp}
        """;

    public static Command Create(TextWriter output)
    {
        var id = new Argument<int>("endpoint_id") { Description = "The endpoint whose failed and cancelled deliveries to send again" };
        var since = new Option<string>("--since")
        {
            Description = $"Events raised at or after this time: a UTC timestamp (2026-12-01T00:00:00Z) or a simulated duration ago ({SimulatedDuration.Examples})",
            HelpName = "time",
            Required = true,
        };
        var drive = new DriveOptions();
        var command = drive.AddTo(new Command(Name, "Send again every failed or cancelled delivery to an endpoint, for events raised since a time") { id, since });
        command.SetAction(async (result, cancellationToken) =>
        {
            var endpointId = result.GetValue(id);
            if (endpointId <= 0)
            {
                throw new CommandFailedException($"endpoint_id {endpointId}: give an endpoint's id, a number from 1.");
            }
            using var api = drive.Connect(result);
            var from = await SinceAsync(result.GetValue(since), api, cancellationToken);
            var body = new JsonObject { ["since"] = from.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) };
            var recovered = (await api.SendAsync(HttpMethod.Post, $"api/webhook-endpoints/{endpointId}/recover", body, cancellationToken)).Json;
            var ids = recovered["delivery_ids"] is JsonArray list ? string.Join(", ", list.Select(i => i?.ToString())) : "";
            var count = recovered["recovered"]?.ToString() ?? "0";
            await output.WriteLineAsync(count == "0"
                ? $"Endpoint {endpointId}: no failed or cancelled delivery of an event raised since {body["since"]}: nothing sent."
                : $"Endpoint {endpointId}: {count} sent again (deliveries {ids}), for events raised since {body["since"]}.");
            return ExitCodes.Passed;
        });
        return command;
    }

    /// <summary>A timestamp as given (UTC when it names no offset), or a duration before the simulator's now.</summary>
    private static async Task<DateTimeOffset> SinceAsync(string? text, SimulatorApi api, CancellationToken cancellationToken)
    {
        var trimmed = text?.Trim() ?? "";
        if (DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            && trimmed.Any(c => c is '-' or ':'))
        {
            return at.ToUniversalTime();
        }
        if (trimmed.Length > 0 && char.IsAsciiDigit(trimmed[0]) && char.IsAsciiLetter(trimmed[^1]))
        {
            var ago = SimulatedDuration.Parse(trimmed, "--since");
            var clock = (await api.GetAsync("api/clock", cancellationToken)).Json;
            if (clock["now"] is not JsonValue now || !DateTimeOffset.TryParse(now.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var simulatedNow))
            {
                throw new CommandFailedException("The simulator's clock (GET /api/clock) gave no time to count back from.");
            }
            return simulatedNow.ToUniversalTime() - ago;
        }
        throw new CommandFailedException(
            $"--since {TerminalText.Clean(text)}: give a UTC timestamp like 2026-12-01T00:00:00Z, or a simulated duration ago like {SimulatedDuration.Examples}.");
    }
}
