using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Simulator.Tests.TestSupport;

/// <summary>A request as a receiver saw it.</summary>
public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>The body's bytes exactly as they arrived (<see cref="Body"/> is their UTF-8 text).</summary>
    public byte[] BodyBytes { get; init; } = [];
}

/// <summary>
/// A real Kestrel receiver on 127.0.0.1 with a programmable answer: the endpoint the simulator
/// delivers to in tests. It records every request it receives.
/// </summary>
public sealed class TestReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly ConcurrentQueue<string> _strays = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly CancellationTokenSource _hangs = new();
    private Func<ReceivedRequest, HttpContext, Task> _respond = (_, context) => Respond(context, 200, "ok");

    private TestReceiver(WebApplication app) => _app = app;

    /// <summary>
    /// The receiver's root: its loopback address and a path of its own. A port is reused once its
    /// receiver stops, and a simulator of another test may still be retrying to it: only requests under
    /// this path are this receiver's; the others are answered 404 and kept in <see cref="Strays"/>.
    /// </summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>This receiver's own path (e.g. <c>/r3f9a…</c>); paths in <see cref="Requests"/> are relative to it.</summary>
    public string PathBase { get; private init; } = string.Empty;

    /// <summary>Requests that reached this port but not this receiver's path (another test's, sent to a port reused).</summary>
    public IReadOnlyCollection<string> Strays => _strays;

    public IReadOnlyCollection<ReceivedRequest> Requests => _requests;

    public int Count => _requests.Count;

    /// <summary>A receiver on a port of its own, at a path of its own (<see cref="BaseUrl"/>).</summary>
    public static Task<TestReceiver> StartAsync() => StartAsync(ownPath: true);

    /// <summary>A stand-in for a server at its root (a simulator's API for the CLI, a port to take): every request on its port is its.</summary>
    public static Task<TestReceiver> StartAtRootAsync() => StartAsync(ownPath: false);

    private static async Task<TestReceiver> StartAsync(bool ownPath)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new TestReceiver(app) { PathBase = ownPath ? "/r" + Guid.NewGuid().ToString("N")[..12] : string.Empty };
        if (ownPath)
        {
            app.UsePathBase(receiver.PathBase);
        }
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.BaseUrl = address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + receiver.PathBase;
        return receiver;
    }

    public string Url(string path = "/webhooks") => BaseUrl + path;

    /// <summary>Answers every request with this status and body.</summary>
    public void RespondWith(int status, string body = "")
    {
        _respond = (_, context) => Respond(context, status, body);
    }

    /// <summary>Answers with a custom handler.</summary>
    public void RespondWith(Func<HttpContext, Task> handler) => _respond = (_, context) => handler(context);

    /// <summary>Answers with a handler that sees the request as recorded (its body already read).</summary>
    public void RespondWith(Func<ReceivedRequest, HttpContext, Task> handler) => _respond = handler;

    /// <summary>Fails the first <paramref name="failures"/> requests with 500, then answers 200.</summary>
    public void FailFirst(int failures)
    {
        var seen = 0;
        _respond = (_, context) => Interlocked.Increment(ref seen) <= failures ? Respond(context, 500, "not yet") : Respond(context, 200, "ok");
    }

    /// <summary>Never answers (until the request is aborted or the receiver stops).</summary>
    public void Hang() => _respond = async (_, context) =>
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _hangs.Token);
        try
        {
            await Task.Delay(Timeout.Infinite, both.Token);
        }
        catch (OperationCanceledException)
        {
        }
    };

    /// <summary>Waits (with a generous real-time limit, not a sleep) until <paramref name="count"/> requests have arrived.</summary>
    public async Task WaitForRequestsAsync(int count, TimeSpan? timeout = null)
    {
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (_requests.Count < count)
        {
            await _arrived.WaitAsync(limit.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _hangs.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _hangs.Dispose();
        _arrived.Dispose();
        // Kestrel's stop may complete on the stack of its last connection's close: what the caller does next
        // (e.g. dispose a WebApplicationFactory, which blocks until its host stops) must not run on that stack,
        // or it waits for a close that cannot finish under it (a hang seen in ReceiverChecksApiTests)
        await Task.Yield();
    }

    private static async Task Respond(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        if (status is >= 300 and <= 399)
        {
            context.Response.Headers.Location = context.Request.PathBase + "/elsewhere";
        }
        if (body.Length > 0)
        {
            await context.Response.WriteAsync(body);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.PathBase != PathBase)
        {
            _strays.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var bytes = buffer.ToArray();
        var body = Encoding.UTF8.GetString(bytes);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new ReceivedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, headers, body) { BodyBytes = bytes };
        _requests.Enqueue(request);
        _arrived.Release();
        await _respond(request, context);
    }
}
