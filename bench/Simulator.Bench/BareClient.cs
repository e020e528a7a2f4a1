using System.Diagnostics;
using System.Net.Http.Headers;

namespace Simulator.Bench;

/// <summary>
/// The physical limit: a bare <see cref="HttpClient"/> loop posting the same bodies to the same
/// endpoints of the same receiver with the same number of requests in flight, and nothing else
/// (no store, no clock, no retries).
/// </summary>
public static class BareClient
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>Posts every body to every endpoint (body-major, as a fan-out does); returns deliveries per second.</summary>
    public static async Task<double> RunAsync(IReadOnlyList<byte[]> bodies, IReadOnlyList<string> urls, int concurrency)
    {
        var targets = urls.Select(u => new Uri(u)).ToArray();
        using var handler = NewHandler();
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var total = (long)bodies.Count * targets.Length;
        var next = -1L;
        var failures = 0L;
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            long i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                if (await PostAsync(client, targets[i % targets.Length], bodies[(int)(i / targets.Length)]) is < 200 or > 299)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (failures > 0)
        {
            throw new InvalidOperationException($"The bare loop had {failures} failed posts.");
        }
        return total / elapsed.TotalSeconds;
    }

    /// <summary>A handler set as the simulator's webhook client's.</summary>
    internal static SocketsHttpHandler NewHandler() => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ActivityHeadersPropagator = DistributedContextPropagator.CreateNoOutputPropagator(),
    };

    /// <summary>One webhook POST as the simulator sends it, the answer read to its end; its status code.</summary>
    internal static async Task<int> PostAsync(HttpClient client, Uri target, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, target);
        request.Headers.TryAddWithoutValidation("User-Agent", "InstinctiveNotes-Webhooks/1.0");
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = Json;
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await response.Content.CopyToAsync(Stream.Null);
        return (int)response.StatusCode;
    }
}
