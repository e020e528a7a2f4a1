using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Simulator.Cli;

/// <summary><c>insim advance &lt;duration&gt;</c>: jumps the simulation clock ahead (<c>POST /api/clock/advance</c>).</summary>
public static class AdvanceCommand
{
    public const string Name = "advance";

    public static readonly string Help = $"""

        Examples:
          insim advance 13h          # past the 12-hour retry window: the failure e-mail, then the endpoint disabled
          insim advance 90m --simulator http://localhost:8080

        Returns once every attempt, retry, e-mail and disabling that fell due on the way has run.

        {DriveOptions.ExitCodesHelp}
        """;

    public static Command Create(TextWriter output)
    {
        var duration = new Argument<string>("duration") { Description = $"Simulated time to jump ahead: {SimulatedDuration.Examples} (at most 30 days)" };
        var drive = new DriveOptions();
        var command = drive.AddTo(new Command(Name, "Jump the running simulator's clock ahead, running every attempt that falls due on the way") { duration });
        command.SetAction(async (result, cancellationToken) =>
        {
            var delta = SimulatedDuration.Parse(result.GetValue(duration), "duration");
            using var api = drive.Connect(result);
            var clock = (await api.SendAsync(HttpMethod.Post, "api/clock/advance", new JsonObject { ["seconds"] = delta.TotalSeconds }, cancellationToken)).Json;
            var next = clock["next_attempt_at"] is JsonValue due ? $"the next attempt is due at {due}" : "no attempt is waiting";
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Simulated time moved {SimulatedDuration.Format(delta)} ahead: it is now {clock["now"]}; {next}."));
            return ExitCodes.Passed;
        });
        return command;
    }
}
