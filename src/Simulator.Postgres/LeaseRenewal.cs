using Microsoft.Extensions.Logging;
using Npgsql;
using Simulator.Core.Dispatching;

namespace Simulator.Postgres;

/// <summary>
/// Keeps the leases of what this instance is running alive: every <see cref="Coordination.Renewal"/>,
/// every delivery with an attempt under way here (scheduled or by hand) is leased to this instance
/// for another <see cref="Coordination.Lease"/>. When this instance dies, the renewals stop and the
/// leases run out: that is how the others learn of it.
/// </summary>
internal sealed class LeaseRenewal(NpgsqlDataSource store, SimulatorInstance me, DeliveryGuards guards, ILogger<LeaseRenewal> logger) : IDisposable
{
    private PeriodicTimer? _timer;

    public void Start()
    {
        _timer = new PeriodicTimer(Coordination.Renewal);
        _ = LoopAsync(_timer);
    }

    public void Stop() => _timer?.Dispose();

    public void Dispose() => Stop();

    /// <summary>One renewal; returns how many leases it renewed.</summary>
    public async Task<int> RenewAsync(CancellationToken cancellationToken = default)
    {
        var held = guards.HeldNow;
        if (held.Count == 0)
        {
            return 0;
        }
        await using var command = store.CreateCommand("""
            UPDATE "Deliveries" SET "LeaseOwner" = @me, "LeaseUntil" = clock_timestamp() + @lease WHERE "Id" = ANY(@ids)
            """);
        command.Parameters.AddWithValue("me", me.Id);
        command.Parameters.AddWithValue("lease", Coordination.Lease);
        command.Parameters.AddWithValue("ids", held.ToArray());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task LoopAsync(PeriodicTimer timer)
    {
        try
        {
            while (await timer.WaitForNextTickAsync())
            {
                try
                {
                    await RenewAsync();
                }
                catch (Exception ex)
                {
                    logger.LogWarning(ex, "Renewing the leases of the attempts under way failed; trying again in {Renewal}", Coordination.Renewal);
                }
            }
        }
        catch (ObjectDisposedException)
        {
            // stopped
        }
    }
}
