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

    public IReadOnlyList<MimeMessage> Messages => [.. _messages];

    public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(buffer.ToArray());
        var message = await MimeMessage.LoadAsync(stream, cancellationToken);
        _messages.Enqueue(message);
        _arrived.Release();
        return SmtpResponse.Ok;
    }

    public async Task WaitForAsync(int count, TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        while (_messages.Count < count)
        {
            await _arrived.WaitAsync(limit.Token);
        }
    }
}
