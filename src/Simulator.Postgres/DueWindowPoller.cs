using Microsoft.Extensions.Logging;
using Npgsql;
using Simulator.Core.Dispatching;

namespace Simulator.Postgres;

/// <summary>
/// Brings due work from the store into this instance's window of the schedule: the earliest next
/// attempts before the horizon and the disablings due by then, leaving out rows another live
/// instance holds a lease on. It looks every <see cref="Coordination.Poll"/> (the floor), and at
/// once when another instance says it wrote something (<see cref="Poke"/>, from LISTEN/NOTIFY) or the
/// shared clock moved. Several instances bring in the same rows: their claims decide who runs them.
/// </summary>
internal sealed class DueWindowPoller(
    NpgsqlDataSource store,
    SimulatorInstance me,
    DeliverySchedule schedule,
    DueWindow window,
    ILogger<DueWindowPoller> logger) : IDisposable
{
    private readonly SemaphoreSlim _wake = new(0);
    private CancellationTokenSource? _stop;
    private Task _loop = Task.CompletedTask;

    public void Start()
    {
        _stop = new CancellationTokenSource();
        _loop = Task.Run(() => LoopAsync(_stop.Token));
    }

    public void Stop() => _stop?.Cancel();

    public void Dispose()
    {
        Stop();
        _stop?.Dispose();
        _wake.Dispose();
    }

    /// <summary>Looks again soon (several pokes at once make one look).</summary>
    public void Poke()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    /// <summary>One look: puts what is due before the horizon on the schedule; returns how many entries it found.</summary>
    public async Task<int> PollAsync(CancellationToken cancellationToken = default)
    {
        var horizon = window.Horizon.UtcTicks;
        var found = 0;
        await using (var command = store.CreateCommand("""
            SELECT "Id", "EndpointId", "NextAttemptAt" FROM "Deliveries"
            WHERE "Status" = 'Pending' AND "NextAttemptAt" <= @horizon
              AND ("LeaseUntil" IS NULL OR "LeaseUntil" < clock_timestamp() OR "LeaseOwner" = @me)
            ORDER BY "NextAttemptAt" LIMIT @window
            """))
        {
            command.Parameters.AddWithValue("horizon", horizon);
            command.Parameters.AddWithValue("me", me.Id);
            command.Parameters.AddWithValue("window", Coordination.Window);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetInt64(0);
                if (!schedule.IsScheduled(id))
                {
                    schedule.ScheduleAttempt(id, reader.GetInt32(1), new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero));
                }
                found++;
            }
        }
        await using (var command = store.CreateCommand("""
            SELECT "Id", "DisableAt" FROM "WebhookEndpoints"
            WHERE "Status" = 'Active' AND "DisableAt" <= @horizon
              AND ("LeaseUntil" IS NULL OR "LeaseUntil" < clock_timestamp() OR "LeaseOwner" = @me)
            """))
        {
            command.Parameters.AddWithValue("horizon", horizon);
            command.Parameters.AddWithValue("me", me.Id);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                schedule.ScheduleDisabling(reader.GetInt32(0), new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero));
                found++;
            }
        }
        return found;
    }

    private async Task LoopAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(Coordination.Poll, stop);
                await PollAsync(stop);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!stop.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Looking for due work in the store failed; looking again in {Poll}", Coordination.Poll);
                await Task.Delay(Coordination.Poll, TimeProvider.System, stop).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
