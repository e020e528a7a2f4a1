using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.ReceiverChecks;

/// <summary>
/// A <see cref="TestReceiver"/> (real Kestrel on 127.0.0.1) whose answer depends on the body it read:
/// a correct one, one that refuses a body it has seen, a slow one. It records what it received.
/// </summary>
internal sealed class CheckReceiver : IAsyncDisposable
{
    private readonly TestReceiver _receiver;

    private CheckReceiver(TestReceiver receiver) => _receiver = receiver;

    public string Url => _receiver.Url();

    public IReadOnlyCollection<ReceivedRequest> Received => _receiver.Requests;

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
        var receiver = await TestReceiver.StartAsync();
        receiver.RespondWith(async (request, context) =>
        {
            context.Response.StatusCode = await answer(request.Body, context.RequestAborted);
            await context.Response.WriteAsync("received", context.RequestAborted);
        });
        return new CheckReceiver(receiver);
    }

    public ValueTask DisposeAsync() => _receiver.DisposeAsync();
}
