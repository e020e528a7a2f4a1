using Microsoft.Extensions.Logging;
using Npgsql;

namespace Simulator.Postgres;

/// <summary>
/// LISTEN on a connection of its own for what other instances announce: a clock change
/// (<see cref="Coordination.ClockChannel"/>: read the clock row) and rows they committed
/// (<see cref="Coordination.LiveChannel"/>: live updates, and a look for due work). A lost connection
/// is opened again; meanwhile the pollers are the floor, so nothing depends on a notification arriving.
/// </summary>
internal sealed class StoreNotifications(NpgsqlDataSource store, SharedClock clock, LiveRelay live, ILogger<StoreNotifications> logger) : IDisposable
{
    private CancellationTokenSource? _stop;

    public void Start()
    {
        _stop = new CancellationTokenSource();
        _ = Task.Run(() => ListenAsync(_stop.Token), CancellationToken.None);
    }

    public void Stop() => _stop?.Cancel();

    public void Dispose()
    {
        Stop();
        _stop?.Dispose();
    }

    private async Task ListenAsync(CancellationToken stop)
    {
        var pause = TimeSpan.FromMilliseconds(200);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = await store.OpenConnectionAsync(stop);
                connection.Notification += OnNotification;
                await using (var listen = new NpgsqlCommand($"LISTEN {Coordination.ClockChannel}; LISTEN {Coordination.LiveChannel};", connection))
                {
                    await listen.ExecuteNonQueryAsync(stop);
                }
                pause = TimeSpan.FromMilliseconds(200);
                clock.Poke(); // whatever was announced while not listening
                while (!stop.IsCancellationRequested)
                {
                    await connection.WaitAsync(stop);
                }
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Listening for the other instances' notifications failed; listening again in {Pause}", pause);
                await Task.Delay(pause, TimeProvider.System, CancellationToken.None);
                pause = pause * 2 < TimeSpan.FromSeconds(5) ? pause * 2 : TimeSpan.FromSeconds(5);
            }
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        try
        {
            if (e.Channel == Coordination.ClockChannel)
            {
                clock.Poke();
            }
            else if (e.Channel == Coordination.LiveChannel)
            {
                live.Received(e.Payload);
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "A notification on {Channel} could not be handled", e.Channel);
        }
    }
}
