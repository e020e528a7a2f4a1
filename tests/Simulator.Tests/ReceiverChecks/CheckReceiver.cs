using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;
using Simulator.Core.ReceiverChecks;
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

    /// <summary>
    /// What a receiver may answer that no report can print as it is: ANSI colour codes, a NUL, invalid UTF-8, the first
    /// three bytes of a four-byte emoji, and a whole emoji placed so that the report's 200-character preview cuts it in half.
    /// </summary>
    public static byte[] OddAnswer { get; } = MakeOddAnswer();

    /// <summary>Answers 200 with <see cref="OddAnswer"/>.</summary>
    public static async Task<CheckReceiver> AnsweringOddBytesAsync()
    {
        var receiver = await TestReceiver.StartAsync();
        receiver.RespondWith(async (_, context) =>
        {
            context.Response.StatusCode = 200;
            await context.Response.Body.WriteAsync(OddAnswer, context.RequestAborted);
        });
        return new CheckReceiver(receiver);
    }

    /// <summary>Answers 200 once <paramref name="open"/> completes: checks stay running until the test lets them go.</summary>
    public static Task<CheckReceiver> WaitingForAsync(Task open) => StartAsync(async (_, ct) =>
    {
        await open.WaitAsync(ct);
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

    private static byte[] MakeOddAnswer()
    {
        byte[] head = [.. "\u001b[31mrefused\u001b[0m \0 "u8, 0xC3, 0x28, 0xFF, (byte)' ', 0xF0, 0x9F, 0xA7, (byte)' '];
        var decoded = Encoding.UTF8.GetString(head).Length;
        // the emoji's first half is the preview's last character
        var padding = new string('x', ReceiverCheckRunner.AnswerPreviewLength - 1 - decoded);
        return [.. head, .. Encoding.UTF8.GetBytes(padding + "\U0001F9CA and the rest")];
    }
}
