using System.Globalization;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace InstinctiveNotes.WebhookSimulator.Hosting;

/// <summary>
/// The dashboard commands: the simulated clock (advance an hour, to the next attempt, pause, resume) and the
/// receiver check. Each calls the simulator's REST API as the Owner; each is enabled while the simulator runs.
/// </summary>
internal static class SimulatorCommands
{
    /// <summary>How long "Run receiver check" waits for the report before it gives up.</summary>
    public static readonly TimeSpan ReceiverCheckLimit = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan ReceiverCheckPoll = TimeSpan.FromMilliseconds(250);

    public static IResourceBuilder<InstinctiveNotesSimulatorResource> WithSimulatorCommands(this IResourceBuilder<InstinctiveNotesSimulatorResource> builder)
    {
        var simulator = builder.Resource;
        return builder
            .WithSimulatorCommand(InstinctiveNotesSimulatorCommands.AdvanceOneHour, "Advance 1 h", "Jump the simulated clock ahead one hour, running every attempt, retry and e-mail that falls due on the way.", "FastForward",
                async (api, ct) => Advanced(await api.AdvanceAsync(TimeSpan.FromHours(1), ct).ConfigureAwait(false)))
            .WithSimulatorCommand(InstinctiveNotesSimulatorCommands.AdvanceToNextAttempt, "Advance to next attempt", "Jump the simulated clock to the next scheduled delivery attempt.", "Next",
                AdvanceToNextAttemptAsync)
            .WithSimulatorCommand(InstinctiveNotesSimulatorCommands.PauseClock, "Pause clock", "Stop simulated time (speed 0); commands that advance it still work.", "Pause",
                async (api, ct) => ClockSet(await api.SetSpeedAsync(0, ct).ConfigureAwait(false)))
            .WithSimulatorCommand(InstinctiveNotesSimulatorCommands.ResumeClock, "Resume clock", "Run simulated time again at the speed the simulator started with.", "Play",
                async (api, ct) => ClockSet(await api.SetSpeedAsync(simulator.ClockSpeed, ct).ConfigureAwait(false)))
            .WithSimulatorCommand(InstinctiveNotesSimulatorCommands.RunReceiverCheck, "Run receiver check", "Check each receiver given with WithReceiver: duplicates, out-of-order events, Unicode, a large note, quick answers.", "ClipboardTaskListLtr",
                (api, ct) => RunReceiverChecksAsync(api, simulator, ct),
                hasReceiverToCheck: true);
    }

    private static IResourceBuilder<InstinctiveNotesSimulatorResource> WithSimulatorCommand(
        this IResourceBuilder<InstinctiveNotesSimulatorResource> builder,
        string name,
        string displayName,
        string description,
        string iconName,
        Func<SimulatorApiClient, CancellationToken, Task<ExecuteCommandResult>> execute,
        bool hasReceiverToCheck = false)
    {
        var simulator = builder.Resource;
        return builder.WithCommand(name, displayName,
            async context =>
            {
                try
                {
                    return await execute(SimulatorHttp.Client(context.Services, simulator), context.CancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or JsonException or TimeoutException)
                {
                    return CommandResults.Failure(ex.Message);
                }
            },
            new CommandOptions
            {
                Description = description,
                IconName = iconName,
                IconVariant = IconVariant.Regular,
                UpdateState = context => IsRunning(context.ResourceSnapshot) && (!hasReceiverToCheck || simulator.Annotations.OfType<SimulatorReceiverAnnotation>().Any())
                    ? ResourceCommandState.Enabled
                    : ResourceCommandState.Disabled,
            });
    }

    /// <summary>Commands need the simulator's API: enabled while it runs (healthy or not yet).</summary>
    internal static bool IsRunning(CustomResourceSnapshot snapshot) =>
        snapshot.State?.Text is { } state && (state == KnownResourceStates.Running || state == KnownResourceStates.RuntimeUnhealthy);

    private static async Task<ExecuteCommandResult> AdvanceToNextAttemptAsync(SimulatorApiClient api, CancellationToken ct)
    {
        var clock = await api.ClockAsync(ct).ConfigureAwait(false);
        if (clock.NextAttemptAt is not { } next)
        {
            return CommandResults.Failure($"No attempt is scheduled: nothing to advance to (simulated now {Format(clock.Now)}).");
        }
        // an attempt already due runs on a one-second advance; the API takes whole seconds above 0
        var by = next > clock.Now ? next - clock.Now : TimeSpan.Zero;
        return Advanced(await api.AdvanceAsync(by < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : by, ct).ConfigureAwait(false));
    }

    private static async Task<ExecuteCommandResult> RunReceiverChecksAsync(SimulatorApiClient api, InstinctiveNotesSimulatorResource simulator, CancellationToken ct)
    {
        var receivers = simulator.Annotations.OfType<SimulatorReceiverAnnotation>().ToList();
        if (receivers.Count == 0)
        {
            return CommandResults.Failure("No receiver to check: give one with WithReceiver(receiver, \"/webhooks\").");
        }
        var reports = new List<JsonElement>();
        var verdicts = new List<string>();
        foreach (var receiver in receivers)
        {
            var url = await receiver.GetUrlAsync(ct).ConfigureAwait(false);
            var report = await RunReceiverCheckAsync(api, url, ct).ConfigureAwait(false);
            reports.Add(report);
            verdicts.Add(Verdict(url, report));
        }
        var message = string.Join("; ", verdicts);
        var data = JsonSerializer.Serialize(reports, SimulatorApiClient.Json);
        return reports.TrueForAll(r => Status(r) == "passed")
            ? CommandResults.Success(message, data, CommandResultFormat.Json)
            : CommandResults.Failure(message, data, CommandResultFormat.Json);
    }

    private static async Task<JsonElement> RunReceiverCheckAsync(SimulatorApiClient api, string url, CancellationToken ct)
    {
        var report = await api.StartReceiverCheckAsync(url, ct).ConfigureAwait(false);
        var id = report.GetProperty("id").ToString();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(ReceiverCheckLimit);
        try
        {
            while (Status(report) == "running")
            {
                await Task.Delay(ReceiverCheckPoll, limit.Token).ConfigureAwait(false);
                report = await api.ReceiverCheckAsync(id, limit.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"The receiver check {id} of {url} was still running after {ReceiverCheckLimit.TotalMinutes:0} minutes.");
        }
        return report;
    }

    private static string Status(JsonElement report) => report.GetProperty("status").GetString() ?? "";

    private static string Verdict(string url, JsonElement report)
    {
        var cases = report.GetProperty("cases").EnumerateArray().ToList();
        var failed = cases.Where(c => c.GetProperty("status").GetString() != "passed").Select(c => c.GetProperty("name").GetString()).ToList();
        return failed.Count == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{url}: passed, {cases.Count} of {cases.Count} cases")
            : string.Create(CultureInfo.InvariantCulture, $"{url}: failed {failed.Count} of {cases.Count} cases ({string.Join(", ", failed)})");
    }

    private static ExecuteCommandResult Advanced(SimulatorClock clock) =>
        CommandResults.Success($"Simulated now {Format(clock.Now)}" + (clock.NextAttemptAt is { } next ? $"; next attempt at {Format(next)}" : "; no attempt scheduled"));

    private static ExecuteCommandResult ClockSet(SimulatorClock clock) =>
        CommandResults.Success(clock.Paused
            ? $"Clock paused at {Format(clock.Now)}"
            : string.Create(CultureInfo.InvariantCulture, $"Clock running at {clock.Speed:0.###} simulated seconds per second, now {Format(clock.Now)}"));

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
