using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Simulator.Core.Dispatching;
using Simulator.Core.Domain;
using Simulator.Core.Live;
using Simulator.Core.Persistence;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Core.Dispatching;

/// <summary>
/// What goes wrong inside the dispatcher leaves nothing stuck and loses nothing: an outcome whose
/// commit fails is written again until it commits, a disabling that throws in a due batch is tried
/// again, a live view that throws never reaches the dispatcher, and the sweep finds what nothing runs.
/// </summary>
public sealed class NothingStuckTests
{
    [Fact]
    public async Task An_outcome_whose_commit_fails_twice_is_written_the_third_time_and_the_delivery_ends()
    {
        // an outcome: a transition written without change tracking, or tracked rows when written again
        var failer = new FailingSaves(db => Writes(db).Any(w => w.Entity is DeliveryAttempt { IsInFlight: false } && w.State == EntityState.Modified), times: 2);
        await using var receiver = await TestReceiver.StartAsync();
        await using var app = Simulation.Premium(new FailingSimulator(failer));
        await app.EndpointAsync(receiver.Url());

        var raised = await app.CreateNoteAsync();
        await failer.WaitForFailuresAsync(2); // the group's commit, then the change alone; then it is written again, read afresh
        await app.WhenIdleAsync();

        var delivery = await app.OnlyDeliveryAsync(raised);
        Assert.Equal((DeliveryStatus.Succeeded, 1, 1), (delivery.Status, delivery.AttemptCount, delivery.Attempts.Count));
        Assert.False(delivery.Attempts.Single().IsInFlight);
        Assert.Equal(1, receiver.Count);
    }

    [Fact]
    public async Task A_disabling_that_throws_in_a_due_batch_is_tried_again_and_the_notice_goes_once()
    {
        var failer = new FailingSaves(db => db.ChangeTracker.Entries<WebhookEndpoint>().Any(e => e.Entity.Status == EndpointStatus.Disabled), times: 1);
        await using var receiver = await TestReceiver.StartAsync();
        await using var app = Simulation.Premium(new FailingSimulator(failer));
        var endpoint = await app.EndpointAsync(receiver.Url());
        // failing since now, disabled in a minute unless addressed: the commit puts the disabling on the schedule
        await app.ChangeEndpointAsync(endpoint.Id, e => e.StartFailing(app.Clock.GetUtcNow(), TimeSpan.FromMinutes(1)));

        var advance = app.AdvanceAsync(TimeSpan.FromMinutes(2));
        await failer.WaitForFailuresAsync(1);
        app.RealTime.Advance(TimeSpan.FromSeconds(2)); // the pause before due work that could not run goes back
        await advance;

        Assert.Equal(EndpointStatus.Disabled, (await app.EndpointAsync(endpoint.Id)).Status);
        Assert.Equal([EmailKind.EndpointDisabled], (await app.EmailsAsync()).Select(e => e.Kind));
    }

    [Fact]
    public async Task A_live_view_that_throws_reaches_neither_the_dispatcher_nor_the_other_views()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.FailFirst(1);
        await using var app = Simulation.Premium();
        await app.EndpointAsync(receiver.Url());
        var live = app.Service<LiveUpdates>();
        var heard = 0;
        live.Changed += (_, _) => throw new InvalidOperationException("a broken view");
        live.Changed += (_, _) => Interlocked.Increment(ref heard);

        var raised = await app.CreateNoteAsync();
        await app.WhenIdleAsync();
        await app.AdvanceAsync(TimeSpan.FromMinutes(1)); // the retry was scheduled all the same

        var delivery = await app.OnlyDeliveryAsync(raised);
        Assert.Equal((DeliveryStatus.Succeeded, 2), (delivery.Status, delivery.AttemptCount));
        Assert.True(heard > 0);
        Assert.True(live.Failures >= heard);
    }

    [Fact]
    public async Task The_sweep_records_an_attempt_nothing_runs_interrupted_and_its_delivery_goes_on()
    {
        await using var receiver = await TestReceiver.StartAsync();
        // paused: the real time the test moves for the sweep moves no simulated time
        await using var app = Simulation.Premium(("Delivery:Timeout", "00:00:05"), ("Clock:Speed", "0"));
        var endpoint = await app.EndpointAsync(receiver.Url());
        var orphan = await InFlightWithNothingRunningAsync(app, endpoint);
        var sweep = app.Service<InFlightSweep>();

        Assert.Equal((0, 0), await sweep.SweepAsync()); // seen once: it may still be on its way
        app.RealTime.Advance(TimeSpan.FromSeconds(5) + InFlightSweep.Margin + TimeSpan.FromSeconds(1));
        Assert.Equal((1, 0), await sweep.SweepAsync());
        var swept = await app.DeliveryAsync(orphan);
        Assert.Equal((DeliveryStatus.Pending, AttemptState.Interrupted), (swept.Status, swept.Attempts.Single().State));

        await app.AdvanceAsync(TimeSpan.FromMinutes(1));
        var retried = await app.DeliveryAsync(orphan);
        Assert.Equal((DeliveryStatus.Succeeded, 2), (retried.Status, retried.AttemptCount));
        Assert.Equal(1, receiver.Count);
    }

    [Fact]
    public async Task The_sweep_puts_a_due_delivery_the_schedule_lost_back_on_it()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.FailFirst(1);
        await using var app = Simulation.Premium(("Clock:Speed", "0"));
        await app.EndpointAsync(receiver.Url());
        var raised = await app.CreateNoteAsync();
        await app.WhenIdleAsync();
        var id = (await app.OnlyDeliveryAsync(raised)).Id;
        app.Service<DeliverySchedule>().UnscheduleAttempt(id); // as if an effect had been lost
        await app.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(1, (await app.DeliveryAsync(id)).AttemptCount); // nothing knew it was due

        var sweep = app.Service<InFlightSweep>();
        Assert.Equal((0, 0), await sweep.SweepAsync());
        app.RealTime.Advance(InFlightSweep.Margin + TimeSpan.FromSeconds(1));
        Assert.Equal((0, 1), await sweep.SweepAsync());
        await app.WhenIdleAsync();

        Assert.Equal((DeliveryStatus.Succeeded, 2), ((await app.DeliveryAsync(id)).Status, (await app.DeliveryAsync(id)).AttemptCount));
    }

    /// <summary>A live delivery with attempt 1 in flight, committed as a start is, with no flight running it.</summary>
    private static async Task<long> InFlightWithNothingRunningAsync(SimulatorAppFactory app, WebhookEndpoint endpoint)
    {
        await using var db = await app.Service<IDbContextFactory<SimulatorDbContext>>().CreateDbContextAsync();
        var now = app.Clock.GetUtcNow();
        var webhookEvent = new WebhookEvent(EventTypes.SoapNoteCreated, 1, now, "{}", isTest: false);
        var delivery = new Delivery(webhookEvent, await db.WebhookEndpoints.SingleAsync(e => e.Id == endpoint.Id), now);
        delivery.BeginAttempt(now, endpoint.Url);
        db.WebhookEvents.Add(webhookEvent);
        db.Deliveries.Add(delivery);
        await db.SaveChangesAsync();
        return delivery.Id;
    }

    // what a save is about to write: the tracked rows and the transitions written without tracking
    private static IEnumerable<CommittedEntity> Writes(DbContext db) =>
        db.ChangeTracker.Entries().Select(e => new CommittedEntity(e.Entity, e.State))
            .Concat(db is SimulatorDbContext simulator ? simulator.Transitions.Rows : []);

    /// <summary>Makes the first <c>times</c> saves that match fail, as a store that is briefly unwell would.</summary>
    private sealed class FailingSaves(Func<DbContext, bool> matches, int times) : SaveChangesInterceptor
    {
        private readonly SemaphoreSlim _failed = new(0);
        private int _left = times;

        public async Task WaitForFailuresAsync(int count)
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            for (var i = 0; i < count; i++)
            {
                await _failed.WaitAsync(limit.Token);
            }
        }

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (eventData.Context is { } db && Volatile.Read(ref _left) > 0 && matches(db) && Interlocked.Decrement(ref _left) >= 0)
            {
                _failed.Release();
                throw new DbUpdateException("injected: the store refused this save");
            }
            return ValueTask.FromResult(result);
        }
    }

    private sealed class FailingSimulator(FailingSaves failer) : SimulatorAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<IInterceptor>(failer));
        }
    }
}
