using Microsoft.Extensions.Options;
using Simulator.Core.Domain;
using Simulator.Core.Persistence;

namespace Simulator.Core.Notifications;

/// <summary>Writes e-mails into the outbox (in the caller's unit of work) and wakes the sender.</summary>
public sealed class EmailOutbox(IOptions<SimulatorOptions> options)
{
    private readonly SemaphoreSlim _signal = new(0);

    public OutboxEmail Add(SimulatorDbContext db, EmailKind kind, WebhookEndpoint endpoint, (string Subject, string Body) message, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(endpoint);
        var email = new OutboxEmail(kind, endpoint.Id, endpoint.ContactEmail, message.Subject, message.Body, now, options.Value.Smtp.IsConfigured);
        db.Emails.Add(email);
        return email;
    }

    /// <summary>Tells the sender there is mail (call after the e-mail is saved).</summary>
    public void Wake()
    {
        if (_signal.CurrentCount == 0)
        {
            _signal.Release();
        }
    }

    /// <summary>Waits for <see cref="Wake"/> or the timeout (real time); true when woken.</summary>
    internal async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider realTime, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, realTime, timeoutSource.Token);
        var signal = _signal.WaitAsync(timeoutSource.Token);
        var first = await Task.WhenAny(delay, signal);
        await timeoutSource.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
        return first == signal;
    }
}
