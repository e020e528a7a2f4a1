using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Simulator.Tests.TestSupport;

/// <summary>
/// A real Kestrel receiver on 127.0.0.1 with three endpoints for crash tests:
/// <list type="bullet">
/// <item><c>/failing</c>: 500 after a second of real time, so that a kill is likely to land while an attempt is in flight
/// (at once after <see cref="AnswerFailingAtOnce"/>);</item>
/// <item><c>/flaky</c>: 500 to the first two requests carrying a given body, 200 afterwards;</item>
/// <item><c>/healthy</c>: 200 at once.</item>
/// </list>
/// Every request is recorded as it arrives (its body read, before it is answered), so a request
/// whose sender died before the answer still counts as received.
/// </summary>
public sealed class FailingFlakyHealthyReceiver : IAsyncDisposable
{
    public const string Failing = "/failing";
    public const string Flaky = "/flaky";
    public const string Healthy = "/healthy";

    private const int FlakyFailuresPerBody = 2;

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly ConcurrentDictionary<string, int> _flakySeen = new(StringComparer.Ordinal);
    private int _inFlight;
    private bool _failingIsSlow = true;

    private FailingFlakyHealthyReceiver(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Every request received, in order of arrival.</summary>
    public IReadOnlyCollection<ReceivedRequest> Requests => _requests;

    /// <summary>Requests received and not answered yet.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    public static async Task<FailingFlakyHealthyReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new FailingFlakyHealthyReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.BaseUrl = address.TrimEnd('/');
        return receiver;
    }

    public string Url(string path) => BaseUrl + path;

    /// <summary>From now on <c>/failing</c> answers its 500 at once (when no kill is coming, its slowness only costs time).</summary>
    public void AnswerFailingAtOnce() => Volatile.Write(ref _failingIsSlow, false);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        string body;
        try
        {
            using var reader = new StreamReader(context.Request.Body);
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or BadHttpRequestException)
        {
            return; // the sender died before the whole body arrived: not a request received
        }
        var path = context.Request.Path.Value ?? string.Empty;
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        Interlocked.Increment(ref _inFlight);
        _requests.Enqueue(new ReceivedRequest(context.Request.Method, path, headers, body));
        try
        {
            switch (path)
            {
                case Failing:
                    if (Volatile.Read(ref _failingIsSlow))
                    {
                        await Task.Delay(TimeSpan.FromSeconds(1), context.RequestAborted);
                    }
                    context.Response.StatusCode = 500;
                    break;
                case Flaky:
                    var seen = _flakySeen.AddOrUpdate(body, 1, (_, count) => count + 1);
                    context.Response.StatusCode = seen <= FlakyFailuresPerBody ? 500 : 200;
                    break;
                case Healthy:
                    context.Response.StatusCode = 200;
                    break;
                default:
                    context.Response.StatusCode = 404;
                    break;
            }
        }
        catch (OperationCanceledException)
        {
            // the sender hung up (killed) while waiting for the answer
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
