using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Simulator.Core.Dispatching;
using Simulator.Core.Domain;
using Simulator.Core.Live;
using Simulator.Core.Payloads;
using Simulator.Core.Persistence;
using Simulator.Core.SoapNotes;
using Simulator.Core.Webhooks;
using Simulator.Tests.Core.Dispatching;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Core.Persistence;

/// <summary>
/// A note save written without change tracking (<see cref="TransitionWrites.WriteNoteAsync"/>, the
/// event and its deliveries with it): the rows are the ones EF Core wrote, the commit's observers
/// hear of them, a rolled-back save leaves nothing, and the active endpoints a save keeps between
/// notes (<see cref="EndpointRoster"/>) never hide an endpoint committed before the save's transaction.
/// </summary>
public sealed class NoteWritesTests
{
    [Fact]
    public async Task A_note_written_without_tracking_has_the_same_rows_as_one_written_by_EF_Core()
    {
        await using var app = Simulation.Premium();
        var factory = app.Service<IDbContextFactory<SimulatorDbContext>>();
        var catalogue = await app.Service<SoapNoteService>().CatalogueAsync();

        var (tracked, lean) = await NoteTwins.WriteAsync(factory, catalogue, app.Clock.GetUtcNow());

        Assert.NotEqual(0, lean.Id);
        Assert.NotEqual(tracked.Id, lean.Id);
        Assert.All(lean.ExercisePrescriptions.Cast<object>().Concat(lean.ProductPrescriptions), p => Assert.NotEqual(0, ((dynamic)p).Id));
        Assert.All(lean.ExercisePrescriptions, p => Assert.Equal(lean.Id, p.SoapNoteId));
        Assert.All(lean.ProductPrescriptions, p => Assert.Equal(lean.Id, p.SoapNoteId));
        foreach (var (entity, key) in new[] { (typeof(SoapNote), "Id"), (typeof(ExercisePrescription), "SoapNoteId"), (typeof(ProductPrescription), "SoapNoteId") })
        {
            var expected = await NoteTwins.RowsAsync(factory, entity, key, tracked.Id);
            var actual = await NoteTwins.RowsAsync(factory, entity, key, lean.Id);
            Assert.NotEmpty(expected);
            Assert.Equal(NoteTwins.WithoutIds(expected), NoteTwins.WithoutIds(actual));
        }
        // the ids the store gave are the ones the note holds
        var stored = await app.Service<SoapNoteService>().FindAsync(lean.Id);
        Assert.Equal(lean.ExercisePrescriptions.Select(p => p.Id), stored!.ExercisePrescriptions.Select(p => p.Id).Order());
        Assert.Equal(lean.ProductPrescriptions.Select(p => p.Id), stored.ProductPrescriptions.Select(p => p.Id).Order());
    }

    [Fact]
    public async Task A_saved_note_its_event_and_its_deliveries_are_in_the_store_and_the_commit_hands_them_to_the_due_queue_and_the_live_view()
    {
        await using var app = Simulation.Premium();
        var subscribed = await app.EndpointAsync("http://127.0.0.1:9/a");
        var other = await app.EndpointAsync("http://127.0.0.1:9/b", events: EventTypes.SoapNoteUpdated);
        await app.EndpointAsync("http://127.0.0.1:9/c", active: false);
        var heard = Listen(app);

        var (note, raised) = await app.Service<SoapNoteService>().CreateAsync(new SoapNoteInput { Name = "Shoulder" }, "Olivia Owner");

        var delivery = Assert.Single(raised.Deliveries);
        Assert.Equal((subscribed.Id, subscribed.Url), (delivery.EndpointId, delivery.Url));
        await using var db = await app.Service<IDbContextFactory<SimulatorDbContext>>().CreateDbContextAsync();
        var stored = await db.SoapNotes.Include(n => n.ExercisePrescriptions).Include(n => n.ProductPrescriptions).AsNoTracking().SingleAsync(n => n.Id == note.Id);
        var webhookEvent = await db.WebhookEvents.AsNoTracking().SingleAsync(e => e.Id == raised.EventId);
        Assert.Equal((EventTypes.SoapNoteCreated, note.Id, false), (webhookEvent.Type, webhookEvent.ObjectId, webhookEvent.IsTest));
        Assert.Equal(WebhookPayload.Write(EventTypes.SoapNoteCreated, stored, webhookEvent.CreatedAt), webhookEvent.Payload);
        // the commit put the delivery on the due-queue: it was attempted (the port refuses) and waits for its retry
        using (var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            await app.Control.WhenIdleAsync(guard.Token);
        }
        var row = await db.Deliveries.AsNoTracking().SingleAsync(d => d.EventId == raised.EventId);
        Assert.Equal((delivery.DeliveryId, subscribed.Id, DeliveryStatus.Pending, 1), (row.Id, row.EndpointId, row.Status, row.AttemptCount));
        Assert.DoesNotContain(await db.Deliveries.AsNoTracking().Where(d => d.EventId == raised.EventId).Select(d => d.EndpointId).ToListAsync(), id => id == other.Id);
        Assert.True(app.Service<DeliverySchedule>().IsScheduled(delivery.DeliveryId));
        lock (heard)
        {
            Assert.Contains(new LiveChange(LiveChangeKind.SoapNote, note.Id), heard);
            Assert.Contains(new LiveChange(LiveChangeKind.Event, raised.EventId), heard);
            Assert.Contains(new LiveChange(LiveChangeKind.Delivery, delivery.DeliveryId), heard);
        }
    }

    [Fact]
    public async Task A_note_save_rolled_back_leaves_no_row_and_tells_nobody()
    {
        await using var app = Simulation.Premium();
        await app.EndpointAsync("http://127.0.0.1:9/a");
        var factory = app.Service<IDbContextFactory<SimulatorDbContext>>();
        var catalogue = await app.Service<SoapNoteService>().CatalogueAsync();
        var before = await CountAsync(factory);
        var heard = Listen(app);
        var now = app.Clock.GetUtcNow();

        await using (var db = await factory.CreateDbContextAsync())
        {
            var note = new SoapNote(new SoapNoteDraft(catalogue.Clients[0], "Rolled back", "", now, SoapNoteState.Draft, [], [catalogue.Products[0]]), "Olivia Owner", now);
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.Transitions.WriteNoteAsync(db, note, CancellationToken.None);
            var active = await app.Service<EndpointRoster>().ActiveAsync(db, null, CancellationToken.None);
            EventFanOut.Raise(db, EventTypes.SoapNoteCreated, note, now, active);
            await db.SaveChangesAsync();
            Assert.NotEqual(0, note.Id);
            await transaction.RollbackAsync();
        }

        Assert.Equal(before, await CountAsync(factory));
        lock (heard)
        {
            Assert.Empty(heard);
        }
        Assert.Equal(0, app.Service<DeliverySchedule>().WaitingAttempts);
    }

    [Fact]
    public async Task The_next_note_fans_out_to_the_endpoints_active_when_it_is_saved()
    {
        await using var app = Simulation.Premium();
        var notes = app.Service<SoapNoteService>();
        var endpoints = app.Service<WebhookEndpointService>();
        var first = await app.EndpointAsync("http://127.0.0.1:9/first");
        Assert.Equal([first.Id], await EndpointsOfNextNoteAsync(notes));
        Assert.Equal([first.Id], await EndpointsOfNextNoteAsync(notes)); // kept: nothing changed

        await endpoints.DeactivateAsync(first.Id);
        Assert.Empty(await EndpointsOfNextNoteAsync(notes));

        var second = await app.EndpointAsync("http://127.0.0.1:9/second");
        Assert.Equal([second.Id], await EndpointsOfNextNoteAsync(notes));

        await endpoints.ActivateAsync(first.Id);
        await endpoints.UpdateAsync(second.Id, null, null, null, [EventTypes.SoapNoteUpdated]);
        Assert.Equal([first.Id], await EndpointsOfNextNoteAsync(notes));

        var (note, _) = await notes.CreateAsync(new SoapNoteInput(), "Olivia Owner");
        var updated = await notes.UpdateAsync(note.Id, new SoapNoteInput { Name = "Changed" });
        Assert.Equal([first.Id, second.Id], updated.Event.Deliveries.Select(d => d.EndpointId).Order());
    }

    [Fact]
    public async Task An_endpoint_committed_after_a_save_looked_but_before_its_transaction_is_seen_under_the_writer()
    {
        await using var app = Simulation.Premium();
        var roster = app.Service<EndpointRoster>();
        var factory = app.Service<IDbContextFactory<SimulatorDbContext>>();
        var endpoint = await app.EndpointAsync("http://127.0.0.1:9/racing");

        await using var db = await factory.CreateDbContextAsync();
        var seen = await roster.PeekAsync(db, CancellationToken.None);
        Assert.Equal([endpoint.Id], seen!.Active.Select(e => e.Id));
        Assert.Same(seen, await roster.PeekAsync(db, CancellationToken.None)); // kept while no endpoint is committed
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            Assert.Same(seen.Active, await roster.ActiveAsync(db, seen, CancellationToken.None));
            await transaction.CommitAsync();
        }

        // committed between the look and the note's transaction: the kept list is stale, and is not used
        await app.Service<WebhookEndpointService>().DeactivateAsync(endpoint.Id);
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            Assert.Empty(await roster.ActiveAsync(db, seen, CancellationToken.None));
            await transaction.CommitAsync();
        }
        var fresh = await roster.PeekAsync(db, CancellationToken.None);
        Assert.NotSame(seen, fresh);
        Assert.Empty(fresh!.Active);
    }

    [Fact]
    public async Task The_kept_catalogue_is_read_again_once_a_commit_wrote_a_client()
    {
        await using var app = Simulation.Premium();
        var keeper = app.Service<CatalogueKeeper>();
        var factory = app.Service<IDbContextFactory<SimulatorDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var kept = await keeper.ReadAsync(db, CancellationToken.None);
        Assert.Same(kept, await keeper.ReadAsync(db, CancellationToken.None));

        await using (var other = await factory.CreateDbContextAsync())
        {
            other.Clients.Add(new Client("cl_new", "Nora", "New"));
            await other.SaveChangesAsync();
        }

        var fresh = await keeper.ReadAsync(db, CancellationToken.None);
        Assert.NotSame(kept, fresh);
        Assert.Contains(fresh.Clients, c => c.ExternalRef == "cl_new");
        Assert.Equal(kept.Clients.Count + 1, fresh.Clients.Count);
    }

    [Fact]
    public async Task Concurrent_note_saves_fan_out_to_an_endpoint_exactly_when_it_is_active_at_their_commit()
    {
        var ledger = new CommitLedger();
        await using var app = Simulation.Premium(new ObservedSimulator(ledger));
        var notes = app.Service<SoapNoteService>();
        var endpoints = app.Service<WebhookEndpointService>();
        var endpoint = await app.EndpointAsync("http://127.0.0.1:9/flapping");
        ledger.Follow(endpoint.Id, active: true);

        // the endpoint flips between active and inactive while four callers save notes
        var flips = Task.Run(async () =>
        {
            for (var i = 0; i < 30; i++)
            {
                await (i % 2 == 0 ? endpoints.DeactivateAsync(endpoint.Id) : endpoints.ActivateAsync(endpoint.Id));
            }
        });
        var savers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 15; i++)
            {
                await notes.CreateAsync(new SoapNoteInput(), "Olivia Owner");
            }
        })).ToArray();
        await Task.WhenAll([flips, .. savers]);

        // in commit order: each note's event has a delivery to the endpoint exactly when the endpoint was active at that commit
        var (events, flipsSeen, wrong) = ledger.Result();
        Assert.Equal(60, events);
        Assert.Equal(30, flipsSeen);
        Assert.Empty(wrong);
    }

    private static async Task<List<int>> EndpointsOfNextNoteAsync(SoapNoteService notes) =>
        [.. (await notes.CreateAsync(new SoapNoteInput(), "Olivia Owner")).Event.Deliveries.Select(d => d.EndpointId).Order()];

    private static async Task<(int Notes, int Prescriptions, int Events, int Deliveries)> CountAsync(IDbContextFactory<SimulatorDbContext> factory)
    {
        await using var db = await factory.CreateDbContextAsync();
        return (await db.SoapNotes.CountAsync(), await db.Set<ProductPrescription>().CountAsync() + await db.Set<ExercisePrescription>().CountAsync(),
            await db.WebhookEvents.CountAsync(), await db.Deliveries.CountAsync());
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

    private sealed class ObservedSimulator(ICommitObserver observer) : SimulatorAppFactory
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton(observer));
        }
    }

    /// <summary>Follows one endpoint's status through the commits, in commit order, and checks each note's fan-out against it.</summary>
    private sealed class CommitLedger : ICommitObserver
    {
        private readonly List<string> _wrong = [];
        private int? _endpointId;
        private bool _active;
        private int _events;
        private int _flips;

        public void Follow(int endpointId, bool active)
        {
            lock (_wrong)
            {
                (_endpointId, _active) = (endpointId, active);
            }
        }

        public (int Events, int Flips, List<string> Wrong) Result()
        {
            lock (_wrong)
            {
                return (_events, _flips, [.. _wrong]);
            }
        }

        public void Committed(IReadOnlyList<CommittedEntity> changes)
        {
            lock (_wrong)
            {
                if (_endpointId is not { } id)
                {
                    return;
                }
                foreach (var endpoint in changes.Select(c => c.Entity).OfType<WebhookEndpoint>().Where(e => e.Id == id))
                {
                    var active = endpoint.Status == EndpointStatus.Active;
                    _flips += active != _active ? 1 : 0;
                    _active = active;
                }
                foreach (var raised in changes.Select(c => c.Entity).OfType<WebhookEvent>().Where(e => !e.IsTest))
                {
                    _events++;
                    var fannedOut = changes.Select(c => c.Entity).OfType<Delivery>().Count(d => d.EventId == raised.Id && d.EndpointId == id);
                    if (fannedOut != (_active ? 1 : 0))
                    {
                        _wrong.Add($"event {raised.Id}: {fannedOut} deliveries to endpoint {id}, which was {(_active ? "active" : "inactive")} at its commit");
                    }
                }
            }
        }
    }
}
