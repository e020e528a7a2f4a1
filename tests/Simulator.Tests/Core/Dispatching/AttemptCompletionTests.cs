using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Simulator.Core;
using Simulator.Core.Dispatching;
using Simulator.Core.Domain;
using Simulator.Core.FaultLab;
using Simulator.Core.Notifications;
using Simulator.Core.Persistence;

namespace Simulator.Tests.Core.Dispatching;

/// <summary>What an attempt's outcome comes to, decided from the rows of its own unit of work, without a host.</summary>
public class AttemptCompletionTests : IDisposable
{
    protected static readonly DateTimeOffset Start = DispatchStore.Start;
    protected static readonly AttemptOutcome ServerError = new(500, "HTTP 500", "boom", 12);
    protected static readonly AttemptOutcome Ok = new(200, null, "ok", 3);

    private readonly SimulatorOptions _options = new();
    private readonly DispatchStore _store = DispatchStore.CreateAsync().GetAwaiter().GetResult();

    /// <summary>Whether the outcome may read its endpoint from <see cref="EndpointRoster"/>'s kept copy (as the product does on SQLite).</summary>
    protected virtual bool KeepsEndpoints => false;

    public void Dispose()
    {
        _store.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task A_failed_attempt_of_a_live_delivery_schedules_its_retry_by_the_backoff_schedule()
    {
        var endpoint = await _store.EndpointAsync();
        var delivery = await _store.DeliveryAsync(endpoint);

        var completed = await CompleteAsync(delivery.Id, Start, ServerError, Start.AddSeconds(1));

        var expected = new BackoffSchedule(Options.Create(_options)).NextAttemptAt(delivery.Id, 1, Start, Start);
        Assert.NotNull(expected);
        Assert.Equal(new AttemptCompleted(DeliveryTransition.RetryScheduled, expected, null, false, null), completed);
        var saved = await _store.ReadDeliveryAsync(delivery.Id);
        Assert.Equal((DeliveryStatus.Pending, expected), (saved.Status, saved.NextAttemptAt));
        Assert.Empty(await _store.EmailsAsync());
    }

    [Fact]
    public async Task The_retry_is_timed_from_the_first_attempt_and_the_start_of_the_last()
    {
        var endpoint = await _store.EndpointAsync();
        var delivery = await _store.DeliveryAsync(endpoint);
        await CompleteAsync(delivery.Id, Start, ServerError, Start.AddSeconds(1));

        var second = Start.AddMinutes(7);
        var completed = await CompleteAsync(delivery.Id, second, ServerError, second.AddSeconds(30));

        Assert.Equal(new BackoffSchedule(Options.Create(_options)).NextAttemptAt(delivery.Id, 2, Start, second), completed.RetryAt);
    }

    [Fact]
    public async Task A_failure_whose_endpoint_is_gone_stops_the_delivery()
    {
        var endpoint = await _store.EndpointAsync();
        var delivery = await _store.DeliveryAsync(endpoint);
        await _store.ChangeAsync(async db => db.WebhookEndpoints.Remove(await db.WebhookEndpoints.SingleAsync()));

        var completed = await CompleteAsync(delivery.Id, Start, ServerError, Start.AddSeconds(1));

        Assert.Equal(new AttemptCompleted(DeliveryTransition.Stopped, null, null, false, null), completed);
        Assert.Equal(DeliveryStatus.Cancelled, (await _store.ReadDeliveryAsync(delivery.Id)).Status);
        Assert.Empty(await _store.EmailsAsync());
    }

    [Fact]
    public async Task A_failure_whose_endpoint_was_disabled_stops_the_delivery()
    {
        var endpoint = await _store.EndpointAsync(e =>
        {
            e.StartFailing(Start, TimeSpan.FromHours(1));
            e.DisableIfUnaddressed(Start.AddHours(1));
        });
        var delivery = await _store.DeliveryAsync(endpoint);

        var completed = await CompleteAsync(delivery.Id, Start.AddHours(2), ServerError, Start.AddHours(2));

        Assert.Equal(new AttemptCompleted(DeliveryTransition.Stopped, null, null, false, null), completed);
        Assert.Equal(DeliveryStatus.Cancelled, (await _store.ReadDeliveryAsync(delivery.Id)).Status);
    }

    [Fact]
    public async Task The_failure_that_ends_the_retry_window_fails_the_delivery_and_starts_the_endpoints_failing_episode_with_its_email()
    {
        var endpoint = await _store.EndpointAsync();
        var delivery = await _store.DeliveryAsync(endpoint);
        await CompleteAsync(delivery.Id, Start, ServerError, Start.AddSeconds(1));
        var last = Start + _options.Delivery.RetryWindow;

        var completed = await CompleteAsync(delivery.Id, last, ServerError, last.AddSeconds(1));

        Assert.Equal(DeliveryTransition.Failed, completed.Transition);
        Assert.Null(completed.RetryAt);
        Assert.Equal(endpoint.Id, completed.FailingEndpoint?.Id);
        Assert.False(completed.Recovered);
        var saved = await _store.ReadEndpointAsync(endpoint.Id);
        Assert.Equal((last.AddSeconds(1), last.AddSeconds(1) + _options.Endpoints.DisableAfter), (saved!.FailingSince, saved.DisableAt));
        var email = Assert.Single(await _store.EmailsAsync());
        Assert.Equal((EmailKind.EndpointFailing, endpoint.Id, "dev@example.com", last.AddSeconds(1)), (email.Kind, email.EndpointId, email.To, email.CreatedAt));
        Assert.Equal(DeliveryStatus.Failed, (await _store.ReadDeliveryAsync(delivery.Id)).Status);
    }

    [Fact]
    public async Task A_failed_delivery_of_an_endpoint_already_failing_writes_no_second_email()
    {
        var endpoint = await _store.EndpointAsync(e => e.StartFailing(Start, TimeSpan.FromHours(1)));
        var delivery = await _store.DeliveryAsync(endpoint);
        await CompleteAsync(delivery.Id, Start, ServerError, Start.AddSeconds(1));
        var last = Start + _options.Delivery.RetryWindow;

        var completed = await CompleteAsync(delivery.Id, last, ServerError, last.AddSeconds(1));

        Assert.Equal(new AttemptCompleted(DeliveryTransition.Failed, null, null, false, null), completed);
        Assert.Empty(await _store.EmailsAsync());
        Assert.Equal(Start, (await _store.ReadEndpointAsync(endpoint.Id))!.FailingSince);
    }

    [Fact]
    public async Task A_failed_test_send_fails_at_once_and_neither_retries_nor_starts_a_failing_episode()
    {
        var endpoint = await _store.EndpointAsync();
        var delivery = await _store.DeliveryAsync(endpoint, test: true);

        var completed = await CompleteAsync(delivery.Id, Start, ServerError, Start.AddSeconds(1));

        Assert.Equal(new AttemptCompleted(DeliveryTransition.Failed, null, null, false, null), completed);
        Assert.False((await _store.ReadEndpointAsync(endpoint.Id))!.IsFailing);
        Assert.Empty(await _store.EmailsAsync());
    }

    [Fact]
    public async Task A_success_ends_the_endpoints_failing_episode()
    {
        var endpoint = await _store.EndpointAsync(e => e.StartFailing(Start, TimeSpan.FromHours(1)));
        var delivery = await _store.DeliveryAsync(endpoint);

        var completed = await CompleteAsync(delivery.Id, Start.AddMinutes(5), Ok, Start.AddMinutes(6));

        Assert.Equal(new AttemptCompleted(DeliveryTransition.Succeeded, null, null, true, null), completed);
        var saved = await _store.ReadEndpointAsync(endpoint.Id);
        Assert.Equal((false, null, Start.AddMinutes(6)), (saved!.IsFailing, saved.DisableAt, saved.UpdatedAt));
        Assert.Equal(DeliveryStatus.Succeeded, (await _store.ReadDeliveryAsync(delivery.Id)).Status);
    }

    [Fact]
    public async Task A_successful_test_send_addresses_the_failure_too()
    {
        var endpoint = await _store.EndpointAsync(e => e.StartFailing(Start, TimeSpan.FromHours(1)));
        var delivery = await _store.DeliveryAsync(endpoint, test: true);

        var completed = await CompleteAsync(delivery.Id, Start.AddMinutes(5), Ok, Start.AddMinutes(6));

        Assert.True(completed.Recovered);
        Assert.False((await _store.ReadEndpointAsync(endpoint.Id))!.IsFailing);
    }

    [Fact]
    public async Task A_success_of_an_endpoint_not_failing_recovers_nothing()
    {
        var endpoint = await _store.EndpointAsync();
        var delivery = await _store.DeliveryAsync(endpoint);

        var completed = await CompleteAsync(delivery.Id, Start, Ok, Start.AddSeconds(1));

        Assert.Equal(new AttemptCompleted(DeliveryTransition.Succeeded, null, null, false, null), completed);
        Assert.Equal(Start, (await _store.ReadEndpointAsync(endpoint.Id))!.UpdatedAt);
    }

    [Fact]
    public async Task A_success_sent_by_hand_to_a_disabled_endpoint_does_not_bring_it_back()
    {
        var endpoint = await _store.EndpointAsync(e =>
        {
            e.StartFailing(Start, TimeSpan.FromHours(1));
            e.DisableIfUnaddressed(Start.AddHours(1));
        });
        var delivery = await _store.DeliveryAsync(endpoint, test: true);

        var completed = await CompleteAsync(delivery.Id, Start.AddHours(2), Ok, Start.AddHours(2));

        Assert.False(completed.Recovered);
        var saved = await _store.ReadEndpointAsync(endpoint.Id);
        Assert.Equal((EndpointStatus.Disabled, Start), (saved!.Status, saved.FailingSince));
    }

    [Fact]
    public async Task The_fault_labs_copy_of_a_live_success_joins_the_outcomes_unit_of_work_due_later()
    {
        var endpoint = await _store.EndpointAsync(e => e.SetFaults(1, null, null, null, Start));
        var delivery = await _store.DeliveryAsync(endpoint);

        var completed = await CompleteAsync(delivery.Id, Start, Ok, Start.AddSeconds(1));

        Assert.NotNull(completed.Duplicate);
        var copy = (await _store.DeliveriesAsync()).Single(d => d.Id != delivery.Id);
        Assert.Equal((delivery.Id, DeliveryFault.Duplicate, DeliveryStatus.Pending), (copy.DuplicateOfId, copy.Fault, copy.Status));
        Assert.True(copy.NextAttemptAt > Start.AddSeconds(1));
        Assert.Equal(copy.Id, completed.Duplicate.Id);
    }

    [Fact]
    public async Task A_send_again_of_a_finished_delivery_is_not_copied_and_a_failed_one_stays_as_it_was()
    {
        var endpoint = await _store.EndpointAsync();
        var delivery = await _store.DeliveryAsync(endpoint);
        await CompleteAsync(delivery.Id, Start, Ok, Start.AddSeconds(1));
        await _store.ChangeAsync(async db => (await db.WebhookEndpoints.SingleAsync()).SetFaults(1, null, null, null, Start));

        var again = await CompleteAsync(delivery.Id, Start.AddHours(1), Ok, Start.AddHours(1));
        var failedAgain = await CompleteAsync(delivery.Id, Start.AddHours(2), ServerError, Start.AddHours(2));

        Assert.Equal(new AttemptCompleted(DeliveryTransition.Succeeded, null, null, false, null), again);
        Assert.Equal(new AttemptCompleted(DeliveryTransition.Unchanged, null, null, false, null), failedAgain);
        Assert.Single(await _store.DeliveriesAsync());
        Assert.Equal(DeliveryStatus.Succeeded, (await _store.ReadDeliveryAsync(delivery.Id)).Status);
    }

    [Fact]
    public async Task Missing_arguments_are_refused_before_anything_is_read_or_changed()
    {
        var endpoint = await _store.EndpointAsync();
        var delivery = await _store.DeliveryAsync(endpoint);
        var options = Options.Create(_options);
        var completion = new AttemptCompletion(new BackoffSchedule(options), new EmailOutbox(options), new FaultLabHooks(), options);
        await using var db = _store.CreateDbContext();
        var tracked = await db.Deliveries.SingleAsync(d => d.Id == delivery.Id);
        var attempt = tracked.BeginAttempt(Start, endpoint.Url);

        await Assert.ThrowsAsync<ArgumentNullException>(() => completion.ApplyAsync(null!, tracked, attempt, ServerError, Start));
        await Assert.ThrowsAsync<ArgumentNullException>(() => completion.ApplyAsync(db, null!, attempt, ServerError, Start));
        await Assert.ThrowsAsync<ArgumentNullException>(() => completion.ApplyAsync(db, tracked, null!, ServerError, Start));
        await Assert.ThrowsAsync<ArgumentNullException>(() => completion.ApplyAsync(db, tracked, attempt, null!, Start));
        Assert.True(attempt.IsInFlight);
        Assert.True(tracked.IsPending);
    }

    private protected DispatchStore Store => _store;

    protected async Task<AttemptCompleted> CompleteAsync(long deliveryId, DateTimeOffset startedAt, AttemptOutcome outcome, DateTimeOffset now)
    {
        var options = Options.Create(_options);
        await using var db = _store.CreateDbContext();
        var completion = new AttemptCompletion(new BackoffSchedule(options), new EmailOutbox(options), new FaultLabHooks(), options, await RosterAsync(db));
        var delivery = await db.Deliveries.SingleAsync(d => d.Id == deliveryId);
        var attempt = delivery.BeginAttempt(startedAt, "https://receiver.example/hooks");
        var completed = await completion.ApplyAsync(db, delivery, attempt, outcome, now);
        LastUnitOfWorkTrackedAnEndpoint = db.ChangeTracker.Entries<WebhookEndpoint>().Any();
        await db.SaveChangesAsync();
        return completed;
    }

    /// <summary>Whether the last outcome's unit of work read its endpoint's row tracked (it changes it, or no copy is kept).</summary>
    protected bool LastUnitOfWorkTrackedAnEndpoint { get; private set; }

    // the endpoints as the store has them now, kept (no commit since), when this class keeps them
    private async Task<EndpointRoster?> RosterAsync(SimulatorDbContext db)
    {
        if (!KeepsEndpoints)
        {
            return null;
        }
        var roster = new EndpointRoster(soleWriter: true);
        await roster.PeekAsync(db, CancellationToken.None);
        return roster;
    }
}

/// <summary>
/// Every case above again with the endpoints kept between commits (<see cref="EndpointRoster"/>): the same outcomes,
/// and the endpoint's row read tracked only when the outcome changes it.
/// </summary>
public sealed class AttemptCompletionWithKeptEndpointsTests : AttemptCompletionTests
{
    protected override bool KeepsEndpoints => true;

    [Fact]
    public async Task A_retry_and_a_success_on_a_healthy_endpoint_read_the_kept_copy_and_track_no_endpoint_row()
    {
        var endpoint = await Store.EndpointAsync();
        var delivery = await Store.DeliveryAsync(endpoint);

        var retried = await CompleteAsync(delivery.Id, Start, ServerError, Start.AddSeconds(1));
        Assert.Equal(DeliveryTransition.RetryScheduled, retried.Transition);
        Assert.False(LastUnitOfWorkTrackedAnEndpoint);

        var succeeded = await CompleteAsync(delivery.Id, retried.RetryAt!.Value, Ok, retried.RetryAt.Value.AddSeconds(1));
        Assert.Equal(DeliveryTransition.Succeeded, succeeded.Transition);
        Assert.False(LastUnitOfWorkTrackedAnEndpoint);
    }

    [Fact]
    public async Task The_failure_that_starts_a_failing_episode_reads_the_row_tracked_and_saves_it()
    {
        var endpoint = await Store.EndpointAsync();
        var delivery = await Store.DeliveryAsync(endpoint);
        await CompleteAsync(delivery.Id, Start, ServerError, Start.AddSeconds(1));
        var last = Start + new SimulatorOptions().Delivery.RetryWindow;

        var completed = await CompleteAsync(delivery.Id, last, ServerError, last.AddSeconds(1));

        Assert.Equal(DeliveryTransition.Failed, completed.Transition);
        Assert.True(LastUnitOfWorkTrackedAnEndpoint);
        Assert.Equal(last.AddSeconds(1), (await Store.ReadEndpointAsync(endpoint.Id))!.FailingSince);
    }
}
