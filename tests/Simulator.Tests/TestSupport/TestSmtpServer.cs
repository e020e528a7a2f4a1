using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Net;

namespace Simulator.Tests.TestSupport;

/// <summary>
/// A real SMTP server (the SmtpServer package) on 127.0.0.1 that keeps every message it accepts,
/// so a test can await the e-mails the simulator sends over the wire.
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly global::SmtpServer.SmtpServer _server;
    private readonly Task _running;
    private readonly TestSmtpMessageStore _store;

    private TestSmtpServer(global::SmtpServer.SmtpServer server, Task running, TestSmtpMessageStore store, int port)
    {
        _server = server;
        _running = running;
        _store = store;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The messages accepted so far, in arrival order.</summary>
    public IReadOnlyList<MimeMessage> Messages => _store.Messages;

    /// <summary>Starts listening on <paramref name="port"/> (0: any free port).</summary>
    public static async Task<TestSmtpServer> StartAsync(int port = 0)
    {
        var store = new TestSmtpMessageStore();
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, e) => listening.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);
        var services = new ServiceProvider();
        services.Add(store);
        services.Add(listeners);
        var options = new SmtpServerOptionsBuilder()
            .ServerName("smtp.test.local")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var server = new global::SmtpServer.SmtpServer(options, services);
        var running = server.StartAsync(CancellationToken.None);
        var started = await Task.WhenAny(listening.Task, running);
        if (started != listening.Task)
        {
            await running;
            throw new InvalidOperationException("The SMTP server stopped before it listened.");
        }
        return new TestSmtpServer(server, running, store, await listening.Task);
    }

    /// <summary>
    /// From now on each message is kept (and counted) but the server's answer to it is withheld until
    /// <see cref="ReleaseAnswers"/>: the moment a sender cannot know whether its e-mail arrived.
    /// </summary>
    public void HoldAnswers() => _store.HoldAnswers();

    public void ReleaseAnswers() => _store.ReleaseAnswers();

    /// <summary>Waits (with a generous real-time limit, not a sleep) until <paramref name="count"/> messages have arrived.</summary>
    public Task WaitForMessagesAsync(int count, TimeSpan? timeout = null) => _store.WaitForAsync(count, timeout ?? TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        _store.ReleaseAnswers();
        _server.Shutdown();
        await Task.WhenAny(_server.ShutdownTask, _running);
    }
}
