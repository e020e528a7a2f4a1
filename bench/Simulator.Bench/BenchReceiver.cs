using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Simulator.Bench;

/// <summary>
/// The minimal receiver on 127.0.0.1: <c>/ok/…</c> answers 200 at once, <c>/fail/…</c> answers 500
/// at once with a 4 KB body (an error page, which the simulator keeps with the attempt), <c>/hang/…</c> never answers (until the sender gives up). It counts what arrives at
/// <c>/ok/…</c> and, when asked, notes which SOAP note each webhook carried and when it arrived.
/// </summary>
public sealed class BenchReceiver : IAsyncDisposable
{
    /// <summary>Bytes of the body <c>/fail/…</c> answers with: as much as the simulator keeps of an answer.</summary>
    public const int FailureBodyBytes = 4096;

    private static readonly byte[] FailureBody = FailureBodyText();

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<Arrival> _arrivals = new();
    private long _succeeded;
    private long _failed;
    private long _hanging;
    private volatile bool _tracking;

    private BenchReceiver(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Requests answered 200.</summary>
    public long Succeeded => Interlocked.Read(ref _succeeded);

    /// <summary>Requests answered 500.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Requests left hanging so far.</summary>
    public long Hanging => Interlocked.Read(ref _hanging);

    /// <summary>Arrivals at <c>/ok/…</c> noted since tracking began.</summary>
    public int ArrivalCount => _arrivals.Count;

    public static async Task<BenchReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o =>
        {
            o.AddServerHeader = false;
            o.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        var receiver = new BenchReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.BaseUrl = address.TrimEnd('/');
        return receiver;
    }

    public string Url(string path) => BaseUrl + path;

    /// <summary>From now on, note the SOAP note and arrival time of every webhook answered 200.</summary>
    public void StartTracking()
    {
        _arrivals.Clear();
        _tracking = true;
    }

    /// <summary>Stops noting arrivals and hands over those noted.</summary>
    public List<Arrival> StopTracking()
    {
        _tracking = false;
        var taken = new List<Arrival>(_arrivals.Count);
        while (_arrivals.TryDequeue(out var arrival))
        {
            taken.Add(arrival);
        }
        return taken;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var arrivedAt = Stopwatch.GetTimestamp();
        var path = context.Request.Path.Value ?? string.Empty;
        if (path.StartsWith("/ok/", StringComparison.Ordinal))
        {
            if (_tracking)
            {
                using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
                var noteId = body.RootElement.GetProperty("data").GetProperty("object").GetProperty("id").GetInt32();
                _arrivals.Enqueue(new Arrival(noteId, arrivedAt));
            }
            Interlocked.Increment(ref _succeeded);
            context.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }
        if (path.StartsWith("/hang/", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _hanging);
            using var both = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            try
            {
                await Task.Delay(Timeout.Infinite, both.Token);
            }
            catch (OperationCanceledException)
            {
                // the sender gave up (its timeout) or the receiver is stopping
            }
            return;
        }
        Interlocked.Increment(ref _failed);
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        context.Response.ContentType = "text/plain";
        context.Response.ContentLength = FailureBody.Length;
        await context.Response.Body.WriteAsync(FailureBody, context.RequestAborted);
    }

    private static byte[] FailureBodyText()
    {
        const string line = "500 Internal Server Error: the bench receiver fails this request on purpose. ";
        var text = new StringBuilder(FailureBodyBytes);
        while (text.Length < FailureBodyBytes)
        {
            text.Append(line);
        }
        return Encoding.ASCII.GetBytes(text.ToString(0, FailureBodyBytes));
    }
}
