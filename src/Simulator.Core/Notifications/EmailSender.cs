using System.Collections.Concurrent;
using System.Globalization;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Simulator.Core.Clock;
using Simulator.Core.Domain;
using Simulator.Core.Persistence;
using Simulator.Core.Telemetry;

namespace Simulator.Core.Notifications;

/// <summary>
/// Sends the outbox over SMTP (MailKit) when <c>Simulator:Smtp:Host</c> is set. A server that is
/// down or refuses never blocks deliveries: the e-mail stays in the outbox, marked failed, and is
/// tried again after <c>Smtp:RetryInterval</c> of real time, doubled per failed try (at most an
/// hour), until <c>Smtp:MaxSendAttempts</c> tries; then it is marked given up.
/// </summary>
/// <remarks>
/// At least once, with at most one duplicate: each handoff to the SMTP server is recorded before the
/// server hears of it (<see cref="OutboxEmail.HandToSmtp"/>). An answer whose save fails is kept in
/// memory and saved again, never sent again. A handoff still recorded at start was cut short by a
/// stop (the server may have the e-mail): the e-mail is sent once more, and the second time that
/// happens to it, it is marked unconfirmed instead (<see cref="OutboxEmail.HandoffLost"/>). When
/// several processes share the store, each e-mail is claimed before its handoff and a handoff is lost
/// only when its claim ran out (<see cref="IOutboxClaims"/>).
/// </remarks>
public sealed class EmailSender(
    IDbContextFactory<SimulatorDbContext> dbFactory,
    EmailOutbox outbox,
    IOutboxClaims claims,
    SimulationClock clock,
    SimulatorTelemetry telemetry,
    IOptions<SimulatorOptions> options,
    ILogger<EmailSender> logger) : BackgroundService
{
    private readonly SemaphoreSlim _sending = new(1, 1);

    /// <summary>SMTP answers whose save failed, by e-mail id: saved on the next round instead of sending again.</summary>
    private readonly ConcurrentDictionary<int, SmtpAnswer> _unsaved = new();

    private SmtpOptions Smtp => options.Value.Smtp;

    /// <summary>Tries every e-mail that is due (new, or failed and past its next send time), once; returns how many were sent.</summary>
    public async Task<int> SendPendingAsync(CancellationToken cancellationToken = default)
    {
        if (!Smtp.IsConfigured)
        {
            return 0;
        }
        await _sending.WaitAsync(cancellationToken);
        try
        {
            List<int> waiting;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                var realNow = clock.RealTime.GetUtcNow();
                waiting = await db.Emails
                    .Where(e => e.HandedToSmtpAt == null && (e.Status == EmailStatus.Pending || (e.Status == EmailStatus.Failed && (e.NextSendAt == null || e.NextSendAt <= realNow))))
                    .OrderBy(e => e.Id)
                    .Select(e => e.Id)
                    .ToListAsync(cancellationToken);
            }
            var sent = 0;
            foreach (var id in _unsaved.Keys.Order().Concat(waiting.Where(id => !_unsaved.ContainsKey(id))))
            {
                if (await SendOneAsync(id, cancellationToken))
                {
                    sent++;
                }
            }
            return sent;
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>
    /// Resolves the handoffs a stop cut short (still recorded as handed to the SMTP server): each
    /// such e-mail is sent once more, or marked unconfirmed when it had been cut short before.
    /// Run at start, before the first round: no handoff of this process is under way then.
    /// </summary>
    public async Task ResolveLostHandoffsAsync(CancellationToken cancellationToken = default)
    {
        var claimed = await claims.LostHandoffsAsync(cancellationToken);
        if (claimed is { Count: 0 })
        {
            return;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var handed = db.Emails.Where(e => e.HandedToSmtpAt != null);
        if (claimed is not null)
        {
            handed = handed.Where(e => claimed.Contains(e.Id));
        }
        var lost = await handed.OrderBy(e => e.Id).ToListAsync(cancellationToken);
        foreach (var email in lost)
        {
            var handedAt = email.HandedToSmtpAt;
            if (email.HandoffLost())
            {
                logger.LogWarning("E-mail {EmailId} to {To} was handed to the SMTP server at {HandedAt} (real time) when the simulator stopped, before the answer: it may have arrived; it is sent once more", email.Id, email.To, handedAt);
            }
            else
            {
                logger.LogWarning("E-mail {EmailId} to {To} was cut short in its SMTP handoff a second time: it is not sent again (at most one duplicate) and is marked unconfirmed", email.Id, email.To);
            }
        }
        if (lost.Count > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>One e-mail: its answer saved again when only the save had failed; else handed over, sent, and its answer saved.</summary>
    private async Task<bool> SendOneAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var email = await db.Emails.FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (email is null)
        {
            _unsaved.TryRemove(id, out _);
            return false;
        }
        if (_unsaved.TryGetValue(id, out var known))
        {
            // the SMTP server answered and only the save failed: record that answer, send nothing
            await RecordAsync(db, email, known);
            return known.Accepted;
        }
        if (!email.AwaitsSending || email.IsHandedToSmtp || !await claims.ClaimHandoffAsync(id, cancellationToken))
        {
            return false;
        }
        email.HandToSmtp(clock.RealTime.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken); // recorded before the server hears of it: a failed save sends nothing
        SmtpAnswer answer;
        try
        {
            await SendAsync(email, cancellationToken);
            answer = new SmtpAnswer(true, clock.GetUtcNow(), null, clock.RealTime.GetUtcNow());
            telemetry.EmailSent(email.Kind);
            logger.LogInformation("E-mail {EmailId} sent to {To}", email.Id, email.To);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            answer = new SmtpAnswer(false, clock.GetUtcNow(), $"{Smtp.Host}:{Smtp.Port}: {ex.Message}", clock.RealTime.GetUtcNow());
            telemetry.EmailFailed(email.Kind);
            logger.LogWarning("E-mail {EmailId} to {To} not sent (try {Try}): {Error}", email.Id, email.To, email.SendAttempts + 1, ex.Message);
        }
        await RecordAsync(db, email, answer);
        return answer.Accepted;
    }

    /// <summary>Saves the SMTP server's answer; when that save fails the answer is kept, and saved (not sent) on the next round.</summary>
    private async Task RecordAsync(SimulatorDbContext db, OutboxEmail email, SmtpAnswer answer)
    {
        if (answer.Accepted)
        {
            email.MarkSent(answer.At);
        }
        else
        {
            email.MarkSendFailed(answer.Error!, answer.RealAt, Smtp.RetryInterval, Smtp.MaxSendAttempts);
        }
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
            _unsaved.TryRemove(email.Id, out _);
        }
        catch (Exception ex)
        {
            _unsaved[email.Id] = answer;
            logger.LogError(ex, "The SMTP server's answer for e-mail {EmailId} ({Answer}) could not be saved; it is saved again later, and the e-mail is not sent again", email.Id, answer.Accepted ? "accepted" : "refused");
            throw;
        }
    }

    /// <summary>What the SMTP server answered to one handoff: accepted (at simulated <paramref name="At"/>) or refused with an error.</summary>
    private sealed record SmtpAnswer(bool Accepted, DateTimeOffset At, string? Error, DateTimeOffset RealAt);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Smtp.IsConfigured)
        {
            logger.LogInformation("No SMTP host configured: e-mails stay in the in-app outbox");
            return;
        }
        try
        {
            await ResolveLostHandoffsAsync(stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Handoffs to the SMTP server cut short by the last stop could not be resolved; those e-mails wait until the next start");
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SendPendingAsync(stoppingToken);
                await outbox.WaitAsync(await UntilNextTryAsync(stoppingToken), clock.RealTime, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "The e-mail sender failed; trying again");
                await Task.Delay(Smtp.RetryInterval, clock.RealTime, stoppingToken);
            }
        }
    }

    /// <summary>Real time until the earliest failed e-mail is due again (an hour when none waits; a new e-mail wakes the sender).</summary>
    private async Task<TimeSpan> UntilNextTryAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var next = await db.Emails.Where(e => e.Status == EmailStatus.Failed)
            .OrderBy(e => e.NextSendAt).Select(e => e.NextSendAt).FirstOrDefaultAsync(cancellationToken);
        if (!await db.Emails.AnyAsync(e => e.Status == EmailStatus.Failed, cancellationToken))
        {
            return TimeSpan.FromHours(1);
        }
        var wait = (next ?? clock.RealTime.GetUtcNow()) - clock.RealTime.GetUtcNow();
        return wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait;
    }

    private async Task SendAsync(OutboxEmail email, CancellationToken cancellationToken)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(Smtp.From));
        message.To.Add(MailboxAddress.Parse(email.To));
        message.Subject = email.Subject;
        message.Body = new TextPart("plain") { Text = email.Body };
        // the same id on every copy: a mail client can tell a duplicate (a handoff cut short and sent once more)
        message.MessageId = string.Create(CultureInfo.InvariantCulture, $"email-{email.Id}.{email.CreatedAt.ToUnixTimeSeconds()}@{MessageIdDomain}");
        using var client = new SmtpClient { Timeout = 10_000 };
        await client.ConnectAsync(Smtp.Host!, Smtp.Port, SecureSocketOptions.None, cancellationToken);
        await client.SendAsync(message, cancellationToken);
        try
        {
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // the server has accepted the e-mail: a failed goodbye must not make it a failed try (sent again)
            logger.LogDebug(ex, "E-mail {EmailId}: the SMTP server accepted it; closing the connection failed", email.Id);
        }
    }

    /// <summary>The domain of the Message-Id each e-mail carries.</summary>
    public const string MessageIdDomain = "webhook-simulator.instinctivenotes.local";
}
