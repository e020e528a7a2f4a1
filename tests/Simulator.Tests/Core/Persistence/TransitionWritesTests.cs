using Microsoft.EntityFrameworkCore;
using Simulator.Core.Dispatching;
using Simulator.Core.Domain;
using Simulator.Core.Live;
using Simulator.Core.Persistence;
using Simulator.Tests.Core.Dispatching;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Core.Persistence;

/// <summary>
/// The hot transitions written without change tracking (<see cref="TransitionWrites"/>): the rows
/// are in the store as the domain objects left them, the commit's observers hear of them as of
/// tracked rows (so the due-queue follows), and a delivery changed since it was read refuses the
/// whole unit of work.
/// </summary>
public sealed class TransitionWritesTests
{
    [Fact]
    public async Task A_start_and_an_outcome_written_without_tracking_are_in_the_store_and_the_due_queue_follows_them()
    {
        await using var app = Simulation.Premium();
        var id = await WaitingDeliveryAsync(app);
        var schedule = app.Service<DeliverySchedule>();
        Assert.True(schedule.IsScheduled(id));
        var heard = Listen(app);
        var delivery = await ReadAsync(app, id);
        var at = app.Clock.GetUtcNow();

        DeliveryAttempt attempt;
        await using (var db = await NewContextAsync(app))
        {
            attempt = delivery.BeginAttempt(at, "http://127.0.0.1:9/hook");
            db.Transitions.Started(delivery, attempt);
            await db.SaveChangesAsync();
        }

        var started = await ReadAsync(app, id, withAttempts: true);
        var row = Assert.Single(started.Attempts);
        Assert.Equal((1, (DateTimeOffset?)at, (DateTimeOffset?)null, 1), (started.AttemptCount, started.FirstAttemptAt, started.NextAttemptAt, started.Version));
        Assert.Equal((attempt.Id, 1, AttemptState.InFlight, at, "http://127.0.0.1:9/hook"), (row.Id, row.Number, row.State, row.StartedAt, row.Url));
        Assert.NotEqual(0, attempt.Id);
        Assert.Equal(1, delivery.Version);
        Assert.False(schedule.IsScheduled(id)); // in flight: off the due-queue
        Assert.Contains(new LiveChange(LiveChangeKind.Delivery, id), heard);

        var retryAt = at.AddMinutes(5);
        await using (var db = await NewContextAsync(app))
        {
            Assert.Equal(DeliveryTransition.RetryScheduled, delivery.CompleteAttempt(attempt, new AttemptOutcome(500, "HTTP 500", "down", 12), at, retryAt));
            db.Transitions.Completed(delivery, attempt);
            await db.SaveChangesAsync();
        }

        var completed = await ReadAsync(app, id, withAttempts: true);
        var answered = Assert.Single(completed.Attempts);
        Assert.Equal((DeliveryStatus.Pending, (DateTimeOffset?)retryAt, 2), (completed.Status, completed.NextAttemptAt, completed.Version));
        Assert.Equal((AttemptState.Completed, (int?)500, "HTTP 500", "down", 12L, false), (answered.State, answered.StatusCode, answered.Error, answered.ResponseBody, answered.DurationMs, answered.Succeeded));
        Assert.True(schedule.IsScheduled(id)); // the next attempt is on the due-queue
    }

    [Fact]
    public async Task A_transition_on_a_delivery_changed_since_it_was_read_refuses_its_whole_unit_of_work_and_tells_nobody()
    {
        await using var app = Simulation.Premium();
        var id = await WaitingDeliveryAsync(app);
        var delivery = await ReadAsync(app, id);
        await using (var db = await NewContextAsync(app))
        {
            (await db.Deliveries.SingleAsync(d => d.Id == id)).Cancel(app.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }
        var events = await CountEventsAsync(app);
        var heard = Listen(app);

        await using (var db = await NewContextAsync(app))
        {
            db.Transitions.Started(delivery, delivery.BeginAttempt(app.Clock.GetUtcNow(), "http://127.0.0.1:9/hook"));
            db.WebhookEvents.Add(new WebhookEvent(EventTypes.SoapNoteCreated, 2, app.Clock.GetUtcNow(), "{}", isTest: false));
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveChangesAsync());
        }

        var stored = await ReadAsync(app, id, withAttempts: true);
        Assert.Equal((DeliveryStatus.Cancelled, 0, 1), (stored.Status, stored.AttemptCount, stored.Version));
        Assert.Empty(stored.Attempts);
        Assert.Equal(events, await CountEventsAsync(app));
        Assert.DoesNotContain(heard, c => c.Kind is LiveChangeKind.Delivery or LiveChangeKind.Event);
        Assert.False(app.Service<DeliverySchedule>().IsScheduled(id));
    }

    // a delivery to an inactive endpoint, due in an hour of simulated time that the test never lets pass
    private static async Task<long> WaitingDeliveryAsync(SimulatorAppFactory app)
    {
        var endpoint = await app.EndpointAsync("http://127.0.0.1:9/hook", active: false);
        var now = app.Clock.GetUtcNow();
        var webhookEvent = new WebhookEvent(EventTypes.SoapNoteCreated, 1, now, "{}", isTest: false);
        var delivery = new Delivery(webhookEvent, endpoint, now);
        delivery.ScheduleNextAttempt(now.AddHours(1));
        await using var db = await NewContextAsync(app);
        db.WebhookEvents.Add(webhookEvent);
        db.Deliveries.Add(delivery);
        await db.SaveChangesAsync();
        return delivery.Id;
    }

    private static List<LiveChange> Listen(SimulatorAppFactory app)
    {
        var heard = new List<LiveChange>();
        app.Service<LiveUpdates>().Changed += (_, change) =>
        {
            lock (heard)
            {
                heard.Add(change);
            }
        };
        return heard;
    }

    private static async Task<Delivery> ReadAsync(SimulatorAppFactory app, long id, bool withAttempts = false)
    {
        await using var db = await NewContextAsync(app);
        IQueryable<Delivery> query = withAttempts ? db.Deliveries.Include(d => d.Attempts) : db.Deliveries;
        return await query.AsNoTracking().SingleAsync(d => d.Id == id);
    }

    private static async Task<int> CountEventsAsync(SimulatorAppFactory app)
    {
        await using var db = await NewContextAsync(app);
        return await db.WebhookEvents.CountAsync();
    }

    private static Task<SimulatorDbContext> NewContextAsync(SimulatorAppFactory app) =>
        app.Service<IDbContextFactory<SimulatorDbContext>>().CreateDbContextAsync();
}
