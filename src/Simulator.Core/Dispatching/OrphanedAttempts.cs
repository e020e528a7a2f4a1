using Microsoft.EntityFrameworkCore;
using Simulator.Core.Clock;
using Simulator.Core.Domain;

namespace Simulator.Core.Dispatching;

/// <summary>
/// Records attempts in flight that nothing runs any more as interrupted, all in one commit, as a
/// restart's recovery would: the sweep of one process (<see cref="InFlightSweep"/>) and the sweep of
/// instances sharing a PostgreSQL store both end here. An attempt no longer in flight, or whose
/// delivery a flight of this process holds, is left alone.
/// </summary>
public sealed class OrphanedAttempts(DeliveryJournal journal, AttemptCompletion completion, DeliveryGuards guards, SimulationClock clock)
{
    /// <summary>Interrupts <paramref name="orphans"/>; returns how many were still orphaned and are interrupted now.</summary>
    public async Task<int> InterruptAsync(IReadOnlyCollection<(long DeliveryId, int Number)> orphans)
    {
        var count = 0;
        var now = clock.GetUtcNow();
        await journal.CommitAsync(async (db, _) =>
        {
            count = 0;
            foreach (var (deliveryId, number) in orphans)
            {
                var attempt = await db.DeliveryAttempts.FirstOrDefaultAsync(a => a.DeliveryId == deliveryId && a.Number == number);
                if (attempt is not { IsInFlight: true } || guards.IsHeld(deliveryId))
                {
                    continue;
                }
                var delivery = await db.Deliveries.FirstAsync(d => d.Id == deliveryId);
                await completion.ApplyAsync(db, delivery, attempt, AttemptOutcome.Interrupted, now);
                count++;
            }
        });
        return count;
    }
}
