using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Simulator.Core.Dispatching;
using Simulator.Core.Domain;
using Simulator.Core.FaultLab;
using Simulator.Core.Persistence;
using Simulator.Tests.Core.Telemetry;

namespace Simulator.Tests.Core.Dispatching;

/// <summary>The first stage of due work on its own: which due attempts go now, which are let go, stopped, held back or busy.</summary>
public class DuePreparationTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Start = DispatchStore.Start;

    private readonly DispatchStore _store = DispatchStore.CreateAsync().GetAwaiter().GetResult();
    private readonly CapturedLogs _logs = new();
    private readonly DeliveryGuards _guards = new();
    private readonly Claims _claims = new();
    private readonly DeliveryJournal _journal;
    private readonly DuePreparation _preparation;

    public DuePreparationTests()
        : this(roster: null)
    {
    }

    /// <param name="roster">The endpoints kept between commits, as the product keeps them on SQLite; null: read every time.</param>
    protected DuePreparationTests(EndpointRoster? roster)
    {
        using var factory = new LoggerFactory([_logs]);
        Roster = roster;
        _journal = new DeliveryJournal(_store, factory.CreateLogger<DeliveryJournal>());
        _preparation = new DuePreparation(_store, _journal, new FaultLabHooks(), _guards, _claims, factory.CreateLogger<DuePreparation>(), roster);
    }

    private protected DispatchStore Store => _store;

    private protected EndpointRoster? Roster { get; }

    private protected DuePreparation Preparation => _preparation;

    public async ValueTask DisposeAsync()
    {
        await _journal.DisposeAsync();
        _store.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task A_due_live_delivery_goes_now_with_its_slot_its_guard_its_endpoints_url_and_its_body()
    {
        var endpoint = await _store.EndpointAsync();
        var first = await _store.DeliveryAsync(endpoint, payload: "{\"n\":1}");
        var second = await _store.DeliveryAsync(endpoint, payload: "{\"n\":2}");
        var slots = new[] { new Slot(), new Slot() };

        var prepared = await _preparation.PrepareAsync([Due(first, slots[0]), Due(second, slots[1])], Start);

        Assert.Equal(
            [(first.Id, endpoint.Url, "{\"n\":1}", (DateTimeOffset?)Start, false), (second.Id, endpoint.Url, "{\"n\":2}", (DateTimeOffset?)Start, false)],
            prepared.Flights.Select(f => (f.Delivery.Id, f.Url, f.Payload, f.Due, f.CopyWanted)));
        Assert.Empty(prepared.Busy);
        Assert.All(slots, s => Assert.Equal(0, s.Disposed));
        Assert.True(_guards.IsHeld(first.Id));
        Assert.False(prepared.Flights[0].Faults.IsOn);

        prepared.Flights.ForEach(f => f.Dispose());
        Assert.All(slots, s => Assert.Equal(1, s.Disposed));
        Assert.False(_guards.IsHeld(first.Id));
        Assert.Equal([[first.Id, second.Id]], _claims.Asked);
    }

    [Fact]
    public async Task Attempts_another_process_claimed_are_left_to_it_and_their_slots_given_back()
    {
        var endpoint = await _store.EndpointAsync();
        var mine = await _store.DeliveryAsync(endpoint);
        var theirs = await _store.DeliveryAsync(endpoint);
        _claims.NotMine.Add(theirs.Id);
        var (mySlot, theirSlot) = (new Slot(), new Slot());

        var prepared = await _preparation.PrepareAsync([Due(mine, mySlot), Due(theirs, theirSlot)], Start);

        Assert.Equal([mine.Id], prepared.Flights.Select(f => f.Delivery.Id));
        Assert.Equal((0, 1), (mySlot.Disposed, theirSlot.Disposed));
        Assert.False(_guards.IsHeld(theirs.Id));
        prepared.Flights.ForEach(f => f.Dispose());
    }

    [Fact]
    public async Task Attempts_whose_row_changed_meanwhile_are_let_go_unchanged()
    {
        var endpoint = await _store.EndpointAsync();
        var moved = await _store.DeliveryAsync(endpoint);
        var inFlight = await _store.DeliveryAsync(endpoint);
        var finished = await _store.DeliveryAsync(endpoint);
        var test = await _store.DeliveryAsync(endpoint, test: true);
        await _store.ChangeAsync(async db =>
        {
            (await db.Deliveries.SingleAsync(d => d.Id == moved.Id)).ScheduleNextAttempt(Start.AddTicks(1));
            (await db.Deliveries.SingleAsync(d => d.Id == inFlight.Id)).BeginAttempt(Start, endpoint.Url);
            (await db.Deliveries.SingleAsync(d => d.Id == finished.Id)).Cancel(Start);
        });
        var slots = Enumerable.Range(0, 5).Select(_ => new Slot()).ToList();

        var prepared = await _preparation.PrepareAsync(
            [Due(moved, slots[0]), Due(inFlight, slots[1]), Due(finished, slots[2]), Due(test, slots[3]), new DueAttempt(999, endpoint.Id, Start, slots[4])],
            Start);

        Assert.Empty(prepared.Flights);
        Assert.Empty(prepared.Busy);
        Assert.All(slots, s => Assert.Equal(1, s.Disposed));
        var rows = (await _store.DeliveriesAsync()).ToDictionary(d => d.Id);
        Assert.Equal((DeliveryStatus.Pending, Start.AddTicks(1)), (rows[moved.Id].Status, rows[moved.Id].NextAttemptAt));
        Assert.Equal((DeliveryStatus.Pending, (DateTimeOffset?)Start), (rows[test.Id].Status, rows[test.Id].NextAttemptAt));
        Assert.DoesNotContain(_logs.Lines, l => l.Contains("Simulator.Core.Dispatching.DuePreparation", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Attempts_whose_endpoint_is_gone_or_disabled_are_cancelled_in_one_go()
    {
        var disabled = await _store.EndpointAsync(e =>
        {
            e.StartFailing(Start.AddHours(-2), TimeSpan.FromHours(1));
            e.DisableIfUnaddressed(Start.AddHours(-1));
        });
        var gone = await _store.EndpointAsync();
        var toDisabled = await _store.DeliveryAsync(disabled);
        var toGone = await _store.DeliveryAsync(gone);
        await _store.ChangeAsync(async db => db.WebhookEndpoints.Remove(await db.WebhookEndpoints.SingleAsync(e => e.Id == gone.Id)));
        var slots = new[] { new Slot(), new Slot() };

        var prepared = await _preparation.PrepareAsync([Due(toDisabled, slots[0]), Due(toGone, slots[1])], Start);

        Assert.Empty(prepared.Flights);
        Assert.All(slots, s => Assert.Equal(1, s.Disposed));
        Assert.All(await _store.DeliveriesAsync(), d => Assert.Equal((DeliveryStatus.Cancelled, (DateTimeOffset?)Start), (d.Status, d.CompletedAt)));
        Assert.Contains(_logs.Lines, l => l.StartsWith("Information", StringComparison.Ordinal) && l.Contains("2 deliveries stopped: their endpoint is gone or disabled", StringComparison.Ordinal));
        Assert.False(_guards.IsHeld(toDisabled.Id));
        Assert.DoesNotContain(_logs.Lines, l => l.Contains("held back", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_fault_lab_holds_a_first_attempt_back_so_that_later_events_overtake_it()
    {
        var endpoint = await _store.EndpointAsync(e => e.SetFaults(null, null, 1, null, Start));
        var delivery = await _store.DeliveryAsync(endpoint);
        var bystander = await _store.DeliveryAsync(await _store.EndpointAsync());
        var slot = new Slot();

        var prepared = await _preparation.PrepareAsync([Due(delivery, slot)], Start);

        Assert.Empty(prepared.Flights);
        Assert.Equal(1, slot.Disposed);
        var saved = await _store.ReadDeliveryAsync(delivery.Id);
        var delay = endpoint.Faults.Draw(endpoint.Id, delivery.EventId).ReorderDelay;
        Assert.Equal((DeliveryStatus.Pending, DeliveryFault.Reordered, Start + delay), (saved.Status, saved.Fault, saved.NextAttemptAt));
        Assert.True(delay > TimeSpan.Zero);
        Assert.Contains(_logs.Lines, l => l.StartsWith("Information", StringComparison.Ordinal) && l.Contains("Fault lab: 1 deliveries held back", StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Lines, l => l.Contains("deliveries stopped", StringComparison.Ordinal));
        var untouched = await _store.ReadDeliveryAsync(bystander.Id);
        Assert.Equal((DeliveryStatus.Pending, null, (DateTimeOffset?)Start), (untouched.Status, untouched.Fault, untouched.NextAttemptAt));

        // due again at the end of its hold-back, it goes
        var again = await _preparation.PrepareAsync([Due(saved, new Slot())], saved.NextAttemptAt!.Value);
        Assert.Equal([delivery.Id], again.Flights.Select(f => f.Delivery.Id));
        again.Flights.ForEach(f => f.Dispose());
    }

    [Fact]
    public async Task The_fault_lab_wants_a_copy_sent_beside_a_first_attempt()
    {
        var endpoint = await _store.EndpointAsync(e => e.SetFaults(null, 1, null, null, Start));
        var delivery = await _store.DeliveryAsync(endpoint);

        var prepared = await _preparation.PrepareAsync([Due(delivery, new Slot())], Start);

        var flight = Assert.Single(prepared.Flights);
        Assert.True(flight.CopyWanted);
        Assert.True(flight.Faults.IsOn);
        flight.Dispose();
    }

    [Fact]
    public async Task An_attempt_whose_delivery_is_busy_by_hand_gives_its_slot_back_and_waits_for_it()
    {
        var endpoint = await _store.EndpointAsync();
        var delivery = await _store.DeliveryAsync(endpoint);
        using var byHand = _guards.TryTake(delivery.Id);
        var slot = new Slot();

        var prepared = await _preparation.PrepareAsync([Due(delivery, slot, Start.AddSeconds(-5))], Start);

        Assert.Empty(prepared.Flights);
        Assert.Equal([new DueEntry(delivery.Id, Start.AddSeconds(-5), endpoint.Id)], prepared.Busy);
        Assert.Equal(1, slot.Disposed);
    }

    [Fact]
    public async Task When_the_bodies_cannot_be_read_the_flights_give_back_their_slots_and_guards()
    {
        var endpoint = await _store.EndpointAsync();
        var delivery = await _store.DeliveryAsync(endpoint);
        await _store.ChangeAsync(async db => db.WebhookEvents.Remove(await db.WebhookEvents.SingleAsync()));
        var slot = new Slot();

        await Assert.ThrowsAsync<KeyNotFoundException>(() => _preparation.PrepareAsync([Due(delivery, slot)], Start));

        Assert.Equal(1, slot.Disposed);
        Assert.False(_guards.IsHeld(delivery.Id));
    }

    private protected static DueAttempt Due(Delivery delivery, Slot slot, DateTimeOffset? due = null) =>
        new(delivery.Id, delivery.EndpointId, due ?? delivery.NextAttemptAt ?? Start, slot);

    private protected sealed class Slot : IDisposable
    {
        public int Disposed { get; private set; }

        public void Dispose() => Disposed++;
    }

    private sealed class Claims : IDueClaims
    {
        public HashSet<long> NotMine { get; } = [];

        public List<List<long>> Asked { get; } = [];

        public Task<IReadOnlySet<long>> ClaimAttemptsAsync(IReadOnlyCollection<long> deliveryIds, DateTimeOffset at, CancellationToken cancellationToken = default)
        {
            Asked.Add([.. deliveryIds]);
            return Task.FromResult<IReadOnlySet<long>>(deliveryIds.Where(id => !NotMine.Contains(id)).ToHashSet());
        }

        public Task<bool> ClaimDisablingAsync(int endpointId, DateTimeOffset at, CancellationToken cancellationToken = default) => Task.FromResult(true);
    }
}

/// <summary>
/// Every case above again with the endpoints kept between commits (<see cref="EndpointRoster"/>, the product's way
/// on SQLite): the same decisions, and a kept copy is dropped by a commit that writes an endpoint.
/// </summary>
public sealed class DuePreparationWithKeptEndpointsTests() : DuePreparationTests(new EndpointRoster(soleWriter: true))
{
    [Fact]
    public async Task An_endpoint_disabled_after_the_copy_was_kept_is_seen_once_its_commit_is_heard()
    {
        var endpoint = await Store.EndpointAsync();
        var first = await Store.DeliveryAsync(endpoint);
        var flights = (await Preparation.PrepareAsync([Due(first, new Slot())], DispatchStore.Start)).Flights;
        Assert.Single(flights); // the endpoint is active: read, and kept
        flights.ForEach(f => f.Dispose());

        WebhookEndpoint? disabled = null;
        await Store.ChangeAsync(async db =>
        {
            disabled = await db.WebhookEndpoints.SingleAsync(e => e.Id == endpoint.Id);
            disabled.StartFailing(DispatchStore.Start.AddHours(-2), TimeSpan.FromHours(1));
            disabled.DisableIfUnaddressed(DispatchStore.Start.AddHours(-1));
        });
        var second = await Store.DeliveryAsync(endpoint);
        var unheard = (await Preparation.PrepareAsync([Due(second, new Slot())], DispatchStore.Start)).Flights;
        Assert.Single(unheard); // no commit heard: the kept copy (this store tells no observer; the product's does)
        unheard.ForEach(f => f.Dispose());

        Roster!.Committed([new CommittedEntity(disabled!, EntityState.Modified)]);
        var third = await Store.DeliveryAsync(endpoint);
        Assert.Empty((await Preparation.PrepareAsync([Due(third, new Slot())], DispatchStore.Start)).Flights);
        Assert.Equal(DeliveryStatus.Cancelled, (await Store.ReadDeliveryAsync(third.Id)).Status);
    }
}
