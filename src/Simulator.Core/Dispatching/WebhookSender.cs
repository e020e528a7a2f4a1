using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;
using Polly.Registry;
using Polly.Timeout;
using Simulator.Core.Domain;

namespace Simulator.Core.Dispatching;

/// <summary>
/// Makes one attempt: POSTs a stored body to an endpoint through <see cref="IHttpClientFactory"/>
/// within the real-time limit, never following redirects, reading a bounded part of the answer.
/// </summary>
public sealed class WebhookSender(
    IHttpClientFactory httpClientFactory,
    ResiliencePipelineProvider<string> pipelines,
    IOptions<SimulatorOptions> options)
{
    public const string HttpClientName = "webhooks";
    public const string UserAgent = "InstinctiveNotes-Webhooks/1.0";
    public const string AttemptPipelineKey = "webhook-attempt";

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public async Task<AttemptOutcome> SendAsync(string url, string payload, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        int? statusCode = null;
        var body = string.Empty;
        string? error = null;
        try
        {
            var pipeline = pipelines.GetPipeline(AttemptPipelineKey);
            (statusCode, body) = await pipeline.ExecuteAsync(
                static async (state, token) => await state.self.PostAsync(state.url, state.payload, token),
                (self: this, url, payload),
                cancellationToken);
            if (statusCode is < 200 or > 299)
            {
                error = DescribeStatus(statusCode.Value);
            }
        }
        catch (TimeoutRejectedException)
        {
            error = $"timed out after {FormatSeconds(options.Value.Delivery.Timeout)}";
        }
        catch (HttpRequestException ex)
        {
            error = Describe(ex, url);
        }
        catch (IOException ex)
        {
            error = $"connection failed: {ex.Message}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error = "the request was aborted";
        }
        var durationMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return new AttemptOutcome(statusCode, error, body, durationMs);
    }

    private async Task<(int StatusCode, string Body)> PostAsync(string url, string payload, CancellationToken token)
    {
        var client = httpClientFactory.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(payload));
        content.Headers.ContentType = Json;
        request.Content = content;
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
        var body = await ReadBoundedAsync(response, token);
        return ((int)response.StatusCode, body);
    }

    private async Task<string> ReadBoundedAsync(HttpResponseMessage response, CancellationToken token)
    {
        var limit = options.Value.Delivery.MaxResponseBytesRead;
        var kept = new byte[Math.Min(DeliveryAttempt.MaxResponseBodyLength, limit)];
        var keptLength = 0;
        var total = 0;
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(token);
            var buffer = new byte[8192];
            while (total < limit)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(0, Math.Min(buffer.Length, limit - total)), token);
                if (read == 0)
                {
                    break;
                }
                var copy = Math.Min(read, kept.Length - keptLength);
                if (copy > 0)
                {
                    Array.Copy(buffer, 0, kept, keptLength, copy);
                    keptLength += copy;
                }
                total += read;
            }
        }
        catch (IOException)
        {
            // the answer's status counts; a body cut short is kept as far as it came
        }
        catch (HttpRequestException)
        {
        }
        return Encoding.UTF8.GetString(kept, 0, keptLength).TrimEnd('\uFFFD');
    }

    private static string DescribeStatus(int statusCode) => statusCode switch
    {
        >= 300 and <= 399 => $"HTTP {statusCode}: redirects are not followed; only a 2xx counts as received",
        _ => $"HTTP {statusCode}",
    };

    private static string Describe(HttpRequestException ex, string url)
    {
        var host = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : url;
        var socket = FindSocketError(ex);
        return ex.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => $"DNS lookup failed for {host}",
            HttpRequestError.SecureConnectionError => $"TLS handshake failed: {ex.InnerException?.Message ?? ex.Message}",
            HttpRequestError.ResponseEnded => "the connection closed before a complete response",
            HttpRequestError.InvalidResponse => "the response was not valid HTTP",
            _ when socket == SocketError.ConnectionRefused => "connection refused",
            _ when socket == SocketError.ConnectionReset => "connection reset",
            _ when socket is SocketError.HostUnreachable or SocketError.NetworkUnreachable => $"host {host} unreachable",
            _ when socket is SocketError.HostNotFound or SocketError.NoData => $"DNS lookup failed for {host}",
            HttpRequestError.ConnectionError => $"could not connect: {ex.Message}",
            _ => ex.Message,
        };
    }

    private static SocketError? FindSocketError(Exception ex)
    {
        for (var e = ex.InnerException; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket)
            {
                return socket.SocketErrorCode;
            }
        }
        return null;
    }

    private static string FormatSeconds(TimeSpan value) =>
        value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
