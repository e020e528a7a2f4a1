using Microsoft.Extensions.Logging;
using Npgsql;
using Simulator.Core.Clock;

namespace Simulator.Postgres;

/// <summary>
/// An advance of the one clock, made on any instance: one advance at a time across instances (a
/// lease on the clock row), moving the shared clock from one due moment to the next as the store
/// knows them (the earliest next attempt of a pending delivery, the earliest disabling), and at
/// each waiting until the store shows the work due by then done, whichever instance did it: no
/// pending delivery due, no attempt in flight, no disabling due, and nothing busy here.
/// </summary>
internal sealed class SharedAdvance(
    NpgsqlDataSource store,
    SharedClockStore clockRow,
    SharedClock shared,
    SimulationClock clock,
    WorkTracker tracker,
    DueWindowPoller window,
    ILogger<SharedAdvance> logger) : ISharedAdvance
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(20);

    public async Task AdvanceToAsync(DateTimeOffset target, CancellationToken cancellationToken)
    {
        await TakeAsync(target, cancellationToken);
        try
        {
            while (true)
            {
                await IdleAsync(target, cancellationToken);
                var next = await NextDueAsync(cancellationToken);
                if (next is null || next > target)
                {
                    if (target > clock.GetUtcNow())
                    {
                        await MoveToAsync(target, cancellationToken);
                    }
                    await IdleAsync(target, cancellationToken);
                    if (await NextDueAsync(cancellationToken) is { } late && late <= target)
                    {
                        continue;
                    }
                    return;
                }
                var now = clock.GetUtcNow();
                await MoveToAsync(next.Value > now ? next.Value : now, cancellationToken);
            }
        }
        finally
        {
            try
            {
                await clockRow.ReleaseAdvanceAsync();
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "The advance's lease on the clock could not be given back; it runs out by itself");
            }
        }
    }

    private async Task TakeAsync(DateTimeOffset target, CancellationToken cancellationToken)
    {
        while (!await clockRow.TryTakeAdvanceAsync(target, cancellationToken))
        {
            await Task.Delay(Step * 5, clock.RealTime, cancellationToken); // another instance advances: after it
        }
    }

    private async Task MoveToAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        await shared.MoveToAsync(at, cancellationToken);
        window.Poke();
    }

    // nothing due by now is left in the store and nothing runs here; the advance's lease renewed meanwhile
    private async Task IdleAsync(DateTimeOffset target, CancellationToken cancellationToken)
    {
        var renewed = clock.RealTime.GetTimestamp();
        while (true)
        {
            await tracker.WhenIdleAsync(cancellationToken);
            if (!await BusyAsync(clock.GetUtcNow(), cancellationToken) && tracker.Busy == 0)
            {
                return;
            }
            if (clock.RealTime.GetElapsedTime(renewed) > Coordination.Renewal)
            {
                await clockRow.TryTakeAdvanceAsync(target, cancellationToken);
                renewed = clock.RealTime.GetTimestamp();
            }
            await Task.Delay(Step, clock.RealTime, cancellationToken);
        }
    }

    private async Task<bool> BusyAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = store.CreateCommand("""
            SELECT EXISTS (SELECT 1 FROM "Deliveries" WHERE "Status" = 'Pending' AND "NextAttemptAt" <= @now)
                OR EXISTS (SELECT 1 FROM "DeliveryAttempts" WHERE "State" = 'InFlight')
                OR EXISTS (SELECT 1 FROM "WebhookEndpoints" WHERE "Status" = 'Active' AND "DisableAt" <= @now)
            """);
        command.Parameters.AddWithValue("now", now.UtcTicks);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    private async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var command = store.CreateCommand("""
            SELECT LEAST(
                (SELECT MIN("NextAttemptAt") FROM "Deliveries" WHERE "Status" = 'Pending'),
                (SELECT MIN("DisableAt") FROM "WebhookEndpoints" WHERE "Status" = 'Active'))
            """);
        return await command.ExecuteScalarAsync(cancellationToken) is long ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
    }
}
