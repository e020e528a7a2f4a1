using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Simulator.Tests.ReceiverChecks;

/// <summary>
/// A real Kestrel receiver on 127.0.0.1 whose answer depends on the body it read: a correct one,
/// one that refuses a body it has seen, a slow one. It records what it received.
/// </summary>
internal sealed class CheckReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CheckReceiver(WebApplication app) => _app = app;

    public string Url { get; private set; } = string.Empty;

    public ConcurrentQueue<(string Body, IReadOnlyDictionary<string, string> Headers)> Received { get; } = new();

    /// <summary>Answers 200 to everything.</summary>
    public static Task<CheckReceiver> CorrectAsync() => StartAsync((_, _) => Task.FromResult(200));

    /// <summary>Answers 409 to a body it has already seen (even when both copies arrive at once).</summary>
    public static Task<CheckReceiver> RefusingSeenBodiesAsync()
    {
        var seen = new ConcurrentDictionary<string, bool>();
        return StartAsync((body, _) => Task.FromResult(seen.TryAdd(body, true) ? 200 : 409));
    }

    /// <summary>Answers 200 after <paramref name="delay"/> of real time.</summary>
    public static Task<CheckReceiver> SlowAsync(TimeSpan delay) => StartAsync(async (_, ct) =>
    {
        await Task.Delay(delay, ct);
        return 200;
    });

    public static async Task<CheckReceiver> StartAsync(Func<string, CancellationToken, Task<int>> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new CheckReceiver(app);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            receiver.Received.Enqueue((body, context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            context.Response.StatusCode = await answer(body, context.RequestAborted);
            await context.Response.WriteAsync("received", context.RequestAborted);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/webhooks";
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
