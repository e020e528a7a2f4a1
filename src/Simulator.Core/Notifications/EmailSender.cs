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
public sealed class EmailSender(
    IDbContextFactory<SimulatorDbContext> dbFactory,
    EmailOutbox outbox,
    SimulationClock clock,
    SimulatorTelemetry telemetry,
    IOptions<SimulatorOptions> options,
    ILogger<EmailSender> logger) : BackgroundService
{
    private readonly SemaphoreSlim _sending = new(1, 1);

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
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var realNow = clock.RealTime.GetUtcNow();
            var waiting = await db.Emails
                .Where(e => e.Status == EmailStatus.Pending || (e.Status == EmailStatus.Failed && (e.NextSendAt == null || e.NextSendAt <= realNow)))
                .OrderBy(e => e.Id)
                .ToListAsync(cancellationToken);
            var sent = 0;
            foreach (var email in waiting)
            {
                try
                {
                    await SendAsync(email, cancellationToken);
                    email.MarkSent(clock.GetUtcNow());
                    sent++;
                    telemetry.EmailSent(email.Kind);
                    logger.LogInformation("E-mail {EmailId} sent to {To}", email.Id, email.To);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    telemetry.EmailFailed(email.Kind);
                    email.MarkSendFailed($"{Smtp.Host}:{Smtp.Port}: {ex.Message}", clock.RealTime.GetUtcNow(), Smtp.RetryInterval, Smtp.MaxSendAttempts);
                    logger.LogWarning("E-mail {EmailId} to {To} not sent (try {Try}, next at {NextSendAt}): {Error}", email.Id, email.To, email.SendAttempts, email.NextSendAt, ex.Message);
                }
                await db.SaveChangesAsync(CancellationToken.None);
            }
            return sent;
        }
        finally
        {
            _sending.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Smtp.IsConfigured)
        {
            logger.LogInformation("No SMTP host configured: e-mails stay in the in-app outbox");
            return;
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
        using var client = new SmtpClient { Timeout = 10_000 };
        await client.ConnectAsync(Smtp.Host!, Smtp.Port, SecureSocketOptions.None, cancellationToken);
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
