using Microsoft.Data.Sqlite;
using Simulator.Core.Domain;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Core.Dispatching;

public sealed class RestartTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"simulator-restart-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task A_restart_mid_retry_resumes_the_delivery_from_sqlite_without_losing_or_repeating_attempt_numbers()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.RespondWith(500);
        long deliveryId;
        DateTimeOffset resumeAt;
        DateTimeOffset lastAttemptBefore;
        await using (var before = Sqlite())
        {
            await before.EndpointAsync(receiver.Url());
            var raised = await before.CreateNoteAsync();
            await before.AdvanceAsync(TimeSpan.FromMinutes(3));
            var waiting = await before.OnlyDeliveryAsync(raised);
            Assert.Equal((DeliveryStatus.Pending, 4), (waiting.Status, waiting.AttemptCount));
            deliveryId = waiting.Id;
            resumeAt = waiting.NextAttemptAt!.Value;
            lastAttemptBefore = waiting.Attempts.Max(a => a.StartedAt);
        }
        Assert.Equal(4, receiver.Count);

        receiver.FailFirst(2);
        await using var after = Sqlite();
        Assert.True(after.Clock.GetUtcNow() >= lastAttemptBefore, $"the simulated clock restarted at {after.Clock.GetUtcNow():O}, before the last attempt at {lastAttemptBefore:O}");
        await after.AdvanceAsync(TimeSpan.FromHours(13));

        var delivery = await after.DeliveryAsync(deliveryId);
        var attempts = delivery.Attempts.OrderBy(a => a.Number).ToList();
        Assert.Equal((DeliveryStatus.Succeeded, 7), (delivery.Status, delivery.AttemptCount));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], attempts.Select(a => a.Number));
        Assert.Equal(resumeAt, attempts[4].StartedAt);
        Assert.Equal(attempts.Select(a => a.StartedAt).Order(), attempts.Select(a => a.StartedAt));
        Assert.Equal(7, receiver.Count);
    }

    [Fact]
    public async Task A_restart_keeps_a_failing_endpoints_disable_time()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.RespondWith(500);
        int endpointId;
        DateTimeOffset disableAt;
        await using (var before = Sqlite(("Delivery:RetryWindow", "00:01:00")))
        {
            endpointId = (await before.EndpointAsync(receiver.Url())).Id;
            await before.CreateNoteAsync();
            await before.AdvanceAsync(TimeSpan.FromMinutes(5));
            disableAt = (await before.EndpointAsync(endpointId)).DisableAt!.Value;
        }

        await using var after = Sqlite(("Delivery:RetryWindow", "00:01:00"));
        await after.AdvanceToAsync(disableAt + TimeSpan.FromMinutes(1));

        var endpoint = await after.EndpointAsync(endpointId);
        Assert.Equal(EndpointStatus.Disabled, endpoint.Status);
        Assert.Equal([EmailKind.EndpointFailing, EmailKind.EndpointDisabled], (await after.EmailsAsync()).Select(e => e.Kind));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }

    private SimulatorAppFactory Sqlite(params (string Key, string? Value)[] settings) =>
        Simulation.Premium([("Storage:Provider", "Sqlite"), ("Storage:SqlitePath", _path), .. settings]);
}
