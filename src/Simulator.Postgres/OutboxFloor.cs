using Microsoft.Extensions.Options;
using Simulator.Core;
using Simulator.Core.Notifications;

namespace Simulator.Postgres;

/// <summary>
/// The e-mail side of the sweep: handoffs whose instance died inside them are resolved by one of
/// the living, and the sender is woken, for e-mails another instance wrote and never sent (it wakes
/// its own sender when it writes one; a dead one cannot).
/// </summary>
internal sealed class OutboxFloor(EmailSender sender, EmailOutbox outbox, IOptions<SimulatorOptions> options)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Smtp.IsConfigured)
        {
            return;
        }
        await sender.ResolveLostHandoffsAsync(cancellationToken);
        outbox.Wake();
    }
}
