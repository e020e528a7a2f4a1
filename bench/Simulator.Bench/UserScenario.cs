using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Simulator.Core.Domain;
using Simulator.Testing;

namespace Simulator.Bench;

/// <summary>
/// The user's own figures. A <see cref="SimulatorHost"/> (the package a receiver's tests use) started
/// several times in this process: the first start pays the JIT, the later ones are warm. On each, one
/// failing story: a receiver that answers 500, a note saved, and 14 simulated hours advanced: 11
/// attempts over the 12-hour window, the delivery failed, the failure e-mail, and the disabling an hour
/// later with its notice. Then, given <c>--published</c>, the published web app started as a process
/// until <c>/healthz</c> answers 200.
/// </summary>
public sealed class UserScenario(BenchReceiver receiver, BenchSettings settings, TextWriter log)
{
    public async Task<UserResult> RunAsync()
    {
        var starts = new List<double>();
        var stories = new List<double>();
        var seen = "";
        for (var run = 0; run < settings.UserRuns; run++)
        {
            var started = Stopwatch.GetTimestamp();
            await using var host = await SimulatorHost.StartAsync();
            starts.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);

            var story = Stopwatch.GetTimestamp();
            var endpoint = await host.RegisterReceiverAsync(receiver.Url($"/fail/user-{run}"));
            var (_, raised) = await host.CreateSoapNoteAsync();
            await host.AdvanceAsync(TimeSpan.FromHours(14));
            stories.Add(Stopwatch.GetElapsedTime(story).TotalMilliseconds);

            var delivery = await host.DeliveryAsync(raised.Deliveries.Single().DeliveryId);
            var emails = await host.EmailsAsync();
            var status = (await host.Service<Core.Webhooks.WebhookEndpointService>().FindAsync(endpoint.Id))?.Status;
            seen = $"{delivery.AttemptCount} attempts, delivery {delivery.Status.ToString().ToLowerInvariant()}, {emails.Count} e-mails ({string.Join(", ", emails.Select(e => e.Kind))}), endpoint {status?.ToString().ToLowerInvariant()}";
            if (delivery is not { AttemptCount: 11, Status: DeliveryStatus.Failed } || status != EndpointStatus.Disabled)
            {
                throw new InvalidOperationException($"The failing story did not run as told: {seen}.");
            }
            log.WriteLine($"  SimulatorHost run {run + 1}: started in {starts[^1]:0} ms; the 12-hour failing story in {stories[^1]:0} ms ({seen})");
        }
        var published = new List<double>();
        if (settings.Published is { } folder)
        {
            for (var run = 0; run < settings.UserRuns; run++)
            {
                published.Add(await StartPublishedAsync(folder));
                log.WriteLine($"  published app run {run + 1}: /healthz answered 200 after {published[^1]:0} ms");
            }
        }
        return new UserResult(starts, stories, seen, published);
    }

    // from the process start to the first 200 of /healthz, on a throwaway store
    private static async Task<double> StartPublishedAsync(string folder)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", Path.Combine(folder, "Simulator.Web.dll"))
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Simulator__Storage__Provider"] = "InMemory";
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("The published app did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(120))
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"The published app exited with {process.ExitCode} before /healthz answered.");
                }
                try
                {
                    using var answer = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"));
                    if (answer.StatusCode == HttpStatusCode.OK)
                    {
                        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    }
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }
                await Task.Delay(10);
            }
            throw new TimeoutException("/healthz did not answer 200 within 120 s.");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
