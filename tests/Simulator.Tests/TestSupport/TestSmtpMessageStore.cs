using System.Buffers;
using System.Collections.Concurrent;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Simulator.Tests.TestSupport;

/// <summary>Keeps the messages the <see cref="TestSmtpServer"/> accepts, parsed, and signals each arrival.</summary>
/// <remarks>Not <see cref="IDisposable"/>: the SMTP server disposes a disposable store after each session.</remarks>
internal sealed class TestSmtpMessageStore : MessageStore
{
    private readonly ConcurrentQueue<MimeMessage> _messages = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private TaskCompletionSource? _held;

    public IReadOnlyList<MimeMessage> Messages => [.. _messages];

    public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(buffer.ToArray());
        var message = await MimeMessage.LoadAsync(stream, cancellationToken);
        _messages.Enqueue(message);
        _arrived.Release();
        if (Volatile.Read(ref _held) is { } held)
        {
            // kept, and the answer withheld: the sender cannot know whether it arrived
            await held.Task.WaitAsync(cancellationToken);
        }
        return SmtpResponse.Ok;
    }

    /// <summary>From now on each message is kept but its answer withheld until <see cref="ReleaseAnswers"/>.</summary>
    public void HoldAnswers() => Interlocked.CompareExchange(ref _held, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), null);

    /// <summary>Answers the messages held back, and those to come at once.</summary>
    public void ReleaseAnswers() => Interlocked.Exchange(ref _held, null)?.TrySetResult();

    public async Task WaitForAsync(int count, TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        while (_messages.Count < count)
        {
            await _arrived.WaitAsync(limit.Token);
        }
    }
}
