using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Simulator.Core.Domain;
using Simulator.Core.Persistence;
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

    [Fact]
    public async Task Recovery_finishes_attempts_left_in_flight_to_a_disabled_endpoint_a_test_send_and_a_live_delivery_by_their_own_rules()
    {
        // found by the kill-and-restart test: the recovery's later queries read the store, which still had
        // these deliveries pending, and cancelled (or failed, or rescheduled now) what it had just settled
        await using var receiver = await TestReceiver.StartAsync();
        long toDisabled, test, live;
        DateTimeOffset crashedAt;
        await using (var before = Sqlite())
        {
            var active = await before.EndpointAsync(receiver.Url("/active"));
            var disabled = await before.EndpointAsync(receiver.Url("/disabled"));
            await before.ChangeEndpointAsync(disabled.Id, e =>
            {
                e.StartFailing(before.Clock.GetUtcNow(), TimeSpan.Zero);
                e.DisableIfUnaddressed(before.Clock.GetUtcNow());
            });
            crashedAt = before.Clock.GetUtcNow();
            await using var db = await before.Service<IDbContextFactory<SimulatorDbContext>>().CreateDbContextAsync();
            Delivery InFlight(WebhookEndpoint endpoint, bool isTest)
            {
                var e = new WebhookEvent(EventTypes.SoapNoteCreated, 1, crashedAt, "{}", isTest);
                var delivery = new Delivery(e, endpoint, crashedAt);
                db.Deliveries.Add(delivery);
                return delivery;
            }
            var endpoints = await db.WebhookEndpoints.ToDictionaryAsync(e => e.Id);
            var rows = new[] { InFlight(endpoints[disabled.Id], false), InFlight(endpoints[active.Id], true), InFlight(endpoints[active.Id], false) };
            foreach (var row in rows)
            {
                row.BeginAttempt(crashedAt, receiver.Url());
            }
            // one commit, as the dispatcher writes a start: a delivery committed due would be sent by the running app
            await db.SaveChangesAsync();
            (toDisabled, test, live) = (rows[0].Id, rows[1].Id, rows[2].Id);
        }

        await using var after = Sqlite();
        after.Boot(); // the start itself used to throw

        var stopped = await after.DeliveryAsync(toDisabled);
        Assert.Equal((DeliveryStatus.Cancelled, AttemptState.Interrupted), (stopped.Status, stopped.Attempts.Single().State));
        var failedTest = await after.DeliveryAsync(test);
        Assert.Equal((DeliveryStatus.Failed, AttemptState.Interrupted), (failedTest.Status, failedTest.Attempts.Single().State));
        var resumed = await after.DeliveryAsync(live);
        Assert.Equal((DeliveryStatus.Pending, AttemptState.Interrupted), (resumed.Status, resumed.Attempts.Single().State));
        // by the retry schedule from the interrupted attempt (about 5 s later), not "now"
        Assert.InRange(resumed.NextAttemptAt!.Value - crashedAt, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(6));
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
