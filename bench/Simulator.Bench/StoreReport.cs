using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Simulator.Core.Domain;
using Simulator.Core.Persistence;

namespace Simulator.Bench;

/// <summary>What the simulator's store says about a run.</summary>
public static class StoreReport
{
    /// <summary>Waits (polling, bounded) until <paramref name="count"/> deliveries have succeeded.</summary>
    public static async Task WaitForSucceededAsync(IDbContextFactory<SimulatorDbContext> factory, long count, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            await using var db = await factory.CreateDbContextAsync();
            var succeeded = await db.Deliveries.CountAsync(d => d.Status == DeliveryStatus.Succeeded);
            if (succeeded >= count)
            {
                return;
            }
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"{succeeded} deliveries succeeded; expected {count}.");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>How many attempts failed, and the most common reason.</summary>
    public static async Task<(int Count, string? CommonError)> FailedAttemptsAsync(IDbContextFactory<SimulatorDbContext> factory)
    {
        await using var db = await factory.CreateDbContextAsync();
        var errors = await db.DeliveryAttempts.AsNoTracking().Where(a => !a.Succeeded).Select(a => a.Error).ToListAsync();
        var common = errors.GroupBy(e => e ?? "?").OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
        return (errors.Count, common);
    }
}
