using System.Data.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Simulator.Core.Domain;
using Simulator.Core.Persistence;
using Simulator.Core.Webhooks;
using Simulator.Tests.Core.Dispatching;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Core.Races;

/// <summary>
/// A delivery's version: the dispatcher starting an attempt and an endpoint's delete cancelling its
/// waiting deliveries decide on rows they read earlier; whichever saves second is refused by the
/// store and decides again on what is there now, so neither overwrites the other.
/// </summary>
public sealed class DeliveryRaceTests
{
    [Fact]
    public async Task An_attempt_started_on_a_copy_read_before_a_delete_cannot_be_saved_over_the_cancel()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.RespondWith(500);
        await using var app = Simulation.Premium(("Clock:Speed", "0"));
        var endpoint = await app.EndpointAsync(receiver.Url());
        var delivery = await WaitingForRetryAsync(app, receiver);
        var dbFactory = app.Service<IDbContextFactory<SimulatorDbContext>>();

        // the dispatcher reads the waiting delivery (a detached copy) ...
        Delivery stale;
        await using (var read = await dbFactory.CreateDbContextAsync())
        {
            stale = await read.Deliveries.AsNoTracking().SingleAsync(d => d.Id == delivery.Id);
        }
        // ... the Owner deletes the endpoint, which cancels it ...
        await app.Service<WebhookEndpointService>().DeleteAsync(endpoint.Id);
        // ... and the attempt, decided on the waiting copy, would start on a cancelled delivery
        await using var start = await dbFactory.CreateDbContextAsync();
        start.Deliveries.Attach(stale);
        stale.BeginAttempt(app.Clock.GetUtcNow(), receiver.Url());

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => start.SaveChangesAsync());
        var now = await app.DeliveryAsync(delivery.Id);
        Assert.Equal((DeliveryStatus.Cancelled, 1, 1, (DateTimeOffset?)null), (now.Status, now.AttemptCount, now.Attempts.Count, now.NextAttemptAt));
    }

    [Fact]
    public async Task A_delete_committed_while_the_dispatcher_starts_a_retry_keeps_the_retry_from_going_out()
    {
        // the start of attempt 2: a transition written without change tracking, or a tracked row when written again
        var gate = new SaveGate(db => Writes(db).Any(w => w.Entity is DeliveryAttempt { Number: 2 } && w.State == EntityState.Added));
        await using var receiver = await TestReceiver.StartAsync();
        receiver.RespondWith(500);
        await using var app = Simulation.Premium(new GatedSimulator(gate), ("Clock:Speed", "0"));
        var endpoint = await app.EndpointAsync(receiver.Url());
        var delivery = await WaitingForRetryAsync(app, receiver);

        // the retry falls due; the dispatcher has read the delivery and is about to record the start
        var advance = app.AdvanceAsync(TimeSpan.FromHours(1));
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(60));
        // meanwhile the delete reads the delivery as waiting, cancels it and commits first
        await app.Service<WebhookEndpointService>().DeleteAsync(endpoint.Id);
        gate.Open();
        await advance;

        // the start, decided on the waiting copy, is refused; read again, the delivery is cancelled: nothing goes out
        var now = await app.DeliveryAsync(delivery.Id);
        Assert.Equal((DeliveryStatus.Cancelled, 1, 1), (now.Status, now.AttemptCount, now.Attempts.Count));
        Assert.Equal(1, receiver.Count);
    }

    [Fact]
    public async Task A_cancel_decided_on_a_copy_read_before_a_retry_succeeded_cannot_be_saved_over_the_success()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.RespondWith(500);
        await using var app = Simulation.Premium(("Clock:Speed", "0"));
        await app.EndpointAsync(receiver.Url());
        var delivery = await WaitingForRetryAsync(app, receiver);
        var dbFactory = app.Service<IDbContextFactory<SimulatorDbContext>>();

        // a cancel (a delete's, or Stop retrying) reads the waiting delivery ...
        Delivery stale;
        await using (var read = await dbFactory.CreateDbContextAsync())
        {
            stale = await read.Deliveries.AsNoTracking().SingleAsync(d => d.Id == delivery.Id);
        }
        // ... while the retry falls due, goes out and succeeds
        receiver.RespondWith(200);
        await app.AdvanceAsync(TimeSpan.FromHours(1));
        Assert.Equal(2, receiver.Count);
        // ... and the cancel, decided on the waiting copy, would overwrite the success
        await using var cancel = await dbFactory.CreateDbContextAsync();
        cancel.Deliveries.Attach(stale);
        stale.Cancel(app.Clock.GetUtcNow());

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => cancel.SaveChangesAsync());
        var now = await app.DeliveryAsync(delivery.Id);
        Assert.Equal((DeliveryStatus.Succeeded, 2, 2), (now.Status, now.AttemptCount, now.Attempts.Count));
    }

    [Fact]
    public async Task A_delete_reads_and_cancels_in_one_transaction_so_a_retry_racing_it_either_went_first_or_never_goes()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.RespondWith(500);
        await using var app = Simulation.Premium(("Clock:Speed", "0"));
        var endpoint = await app.EndpointAsync(receiver.Url());
        var delivery = await WaitingForRetryAsync(app, receiver);
        receiver.RespondWith(200);

        // the retry falls due while the delete runs
        var retry = app.AdvanceAsync(TimeSpan.FromHours(1));
        await app.Service<WebhookEndpointService>().DeleteAsync(endpoint.Id);
        await retry;

        var now = await app.DeliveryAsync(delivery.Id);
        Assert.Equal(now.AttemptCount, now.Attempts.Count);
        Assert.Equal(now.AttemptCount, receiver.Count);
        Assert.True(
            now is { Status: DeliveryStatus.Succeeded, AttemptCount: 2 } or { Status: DeliveryStatus.Cancelled, AttemptCount: 1 },
            $"{now.Status} after {now.AttemptCount} attempts");
        Assert.Null(await app.Service<WebhookEndpointService>().FindAsync(endpoint.Id));
    }

    /// <summary>A live delivery whose first attempt failed, waiting for its retry (the simulated clock is paused).</summary>
    private static async Task<Delivery> WaitingForRetryAsync(SimulatorAppFactory app, TestReceiver receiver)
    {
        var raised = await app.CreateNoteAsync();
        await receiver.WaitForRequestsAsync(1);
        var id = Assert.Single(raised.Deliveries).DeliveryId;
        await app.WaitUntilAsync(async () => (await app.DeliveryAsync(id)).NextAttemptAt is not null);
        var delivery = await app.DeliveryAsync(id);
        Assert.Equal((DeliveryStatus.Pending, 1), (delivery.Status, delivery.AttemptCount));
        return delivery;
    }

    /// <summary>
    /// Holds the first save that <c>matches</c> until opened, before its transaction begins (so before
    /// it takes the store's single writer): a way to put another change between a read and its save.
    /// </summary>
    // what a save is about to write: the tracked rows and the transitions written without tracking
    private static IEnumerable<CommittedEntity> Writes(DbContext db) =>
        db.ChangeTracker.Entries().Select(e => new CommittedEntity(e.Entity, e.State))
            .Concat(db is SimulatorDbContext simulator ? simulator.Transitions.Rows : []);

    private sealed class SaveGate(Func<DbContext, bool> matches) : DbTransactionInterceptor
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _armed = 1;

        public Task Reached => _reached.Task;

        public void Open() => _open.TrySetResult();

        public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
        {
            if (eventData.Context is { } db && Volatile.Read(ref _armed) == 1 && matches(db) && Interlocked.Exchange(ref _armed, 0) == 1)
            {
                _reached.TrySetResult();
                await _open.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            }
            return result;
        }
    }

    private sealed class GatedSimulator(SaveGate gate) : SimulatorAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // ahead of the store's own interceptors (the write gate): registered as an IInterceptor
            builder.ConfigureTestServices(services => services.AddSingleton<IInterceptor>(gate));
        }
    }
}
