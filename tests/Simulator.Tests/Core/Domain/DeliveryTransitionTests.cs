using Simulator.Core;
using Simulator.Core.Domain;
using Simulator.Tests.Core.Persistence;

namespace Simulator.Tests.Core.Domain;

/// <summary>What each outcome does to a delivery as the attempt log and the delivery page show it, and the fault lab's copies and hold-backs.</summary>
public sealed class DeliveryTransitionTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 26, 14, 0, 0, TimeSpan.Zero);
    private static readonly AttemptOutcome ServerError = new(500, "HTTP 500", "boom", 12);
    private static readonly AttemptOutcome Ok = new(200, null, "ok", 3);

    [Fact]
    public void A_new_delivery_belongs_to_its_event_and_endpoint()
    {
        var endpoint = WebhookEndpoint.Create("https://example.com/hooks", null, "dev@example.com", [EventTypes.SoapNoteCreated], Now);
        var webhookEvent = new WebhookEvent(EventTypes.SoapNoteCreated, 1, Now, "{}", isTest: false);

        var delivery = new Delivery(webhookEvent, endpoint, Now.AddSeconds(1));

        Assert.Same(webhookEvent, delivery.Event);
        Assert.Equal(Now.AddSeconds(1), delivery.CreatedAt);
        Assert.Equal(Now.AddSeconds(1), delivery.NextAttemptAt);
        Assert.True(delivery.IsPending);
        Assert.False(delivery.IsCopy);
        Assert.Null(delivery.Fault);
        Assert.Equal(DeliveryKind.Live, delivery.Kind);
    }

    [Fact]
    public void A_failure_with_a_retry_schedules_it_and_says_so()
    {
        var delivery = NewDelivery();
        var attempt = delivery.BeginAttempt(Now, RecordedAttempts.Url);

        var transition = delivery.CompleteAttempt(attempt, ServerError, Now.AddSeconds(2), retryAt: Now.AddSeconds(5));

        Assert.Equal(DeliveryTransition.RetryScheduled, transition);
        Assert.Equal((DeliveryStatus.Pending, Now.AddSeconds(5)), (delivery.Status, delivery.NextAttemptAt));
        Assert.Null(delivery.CompletedAt);
        Assert.Equal((AttemptState.Completed, 12L), (attempt.State, attempt.DurationMs));
    }

    [Fact]
    public void A_success_completes_the_delivery_at_the_moment_its_attempt_started()
    {
        var delivery = NewDelivery();
        var attempt = delivery.BeginAttempt(Now.AddMinutes(1), RecordedAttempts.Url);

        var transition = delivery.CompleteAttempt(attempt, Ok, Now.AddMinutes(2), retryAt: Now.AddMinutes(3));

        Assert.Equal(DeliveryTransition.Succeeded, transition);
        Assert.Equal((DeliveryStatus.Succeeded, Now.AddMinutes(1)), (delivery.Status, delivery.CompletedAt));
        Assert.Null(delivery.NextAttemptAt);
        Assert.False(delivery.IsPending);
    }

    [Fact]
    public void A_failed_send_again_of_a_finished_delivery_changes_nothing_but_its_log()
    {
        var delivery = NewDelivery();
        delivery.RecordAttempt(Now, ServerError);
        delivery.Cancel(Now.AddMinutes(1));
        var again = delivery.BeginAttempt(Now.AddHours(1), RecordedAttempts.Url);

        var transition = delivery.CompleteAttempt(again, ServerError, Now.AddHours(1), retryAt: Now.AddHours(2), endpointStopped: true);

        Assert.Equal(DeliveryTransition.Unchanged, transition);
        Assert.Equal((DeliveryStatus.Cancelled, Now.AddMinutes(1)), (delivery.Status, delivery.CompletedAt));
        Assert.Null(delivery.NextAttemptAt);
        Assert.Equal(2, delivery.AttemptCount);
        Assert.Equal(Now, delivery.FirstAttemptAt);
    }

    [Fact]
    public void A_successful_send_again_of_a_cancelled_delivery_ends_it_as_succeeded()
    {
        var delivery = NewDelivery();
        delivery.RecordAttempt(Now, ServerError);
        delivery.Cancel(Now.AddMinutes(1));

        var again = delivery.BeginAttempt(Now.AddHours(1), RecordedAttempts.Url);

        Assert.Equal(DeliveryTransition.Succeeded, delivery.CompleteAttempt(again, Ok, Now.AddHours(1), retryAt: null));
        Assert.Equal((DeliveryStatus.Succeeded, Now.AddHours(1)), (delivery.Status, delivery.CompletedAt));
    }

    [Fact]
    public void A_failure_to_a_stopped_endpoint_ends_the_delivery_cancelled_then_and_without_a_next_attempt()
    {
        var delivery = NewDelivery();
        var attempt = delivery.BeginAttempt(Now, RecordedAttempts.Url);

        delivery.CompleteAttempt(attempt, ServerError, Now.AddSeconds(3), retryAt: Now.AddSeconds(5), endpointStopped: true);

        Assert.Equal((DeliveryStatus.Cancelled, Now.AddSeconds(3)), (delivery.Status, delivery.CompletedAt));
        Assert.Null(delivery.NextAttemptAt);
    }

    [Fact]
    public void A_refused_change_names_the_delivery_and_its_status()
    {
        var delivery = NewDelivery();
        delivery.RecordAttempt(Now, Ok);

        var schedule = Assert.Throws<DomainRuleException>(() => delivery.ScheduleNextAttempt(Now.AddMinutes(1)));
        var fail = Assert.Throws<DomainRuleException>(() => delivery.MarkFailed(Now.AddMinutes(1)));
        var cancel = Assert.Throws<DomainRuleException>(() => delivery.Cancel(Now.AddMinutes(1)));

        Assert.Equal(
            ("Delivery is not pending", "Delivery 0 is succeeded; only a pending delivery has a next attempt."),
            (schedule.Title, schedule.Message));
        Assert.Equal(("Delivery is not pending", "Delivery 0 is already succeeded."), (fail.Title, fail.Message));
        Assert.Equal(
            ("Delivery is not pending", "Delivery 0 is already succeeded; only a pending delivery can be stopped."),
            (cancel.Title, cancel.Message));
    }

    [Fact]
    public void A_pending_delivery_gets_the_next_attempt_it_is_given()
    {
        var delivery = NewDelivery();

        delivery.ScheduleNextAttempt(Now.AddMinutes(7));

        Assert.Equal(Now.AddMinutes(7), delivery.NextAttemptAt);
    }

    [Fact]
    public void An_attempt_that_is_not_in_flight_is_refused_with_its_number()
    {
        var delivery = NewDelivery();
        var attempt = delivery.RecordAttempt(Now, ServerError);

        var refused = Assert.Throws<DomainRuleException>(() => delivery.CompleteAttempt(attempt, Ok, Now, retryAt: null));

        Assert.Equal(("Attempt is not in flight", "Attempt 1 of delivery 0 is not in flight."), (refused.Title, refused.Message));
        Assert.Equal(DeliveryStatus.Pending, delivery.Status);
    }

    [Theory]
    [InlineData(200, null, true)]
    [InlineData(204, null, true)]
    [InlineData(299, null, true)]
    [InlineData(300, null, false)]
    [InlineData(199, null, false)]
    [InlineData(200, "answered after the timeout", false)]
    public void Only_a_2xx_answer_without_an_error_counts_as_received(int status, string? error, bool received)
    {
        var outcome = new AttemptOutcome(status, error, "", 1);

        Assert.Equal(received, outcome.Succeeded);
        Assert.Equal(error ?? $"HTTP {status}", outcome.Summary);
    }

    [Fact]
    public void An_error_is_kept_to_500_characters_and_a_body_to_4096()
    {
        var delivery = NewDelivery();

        var exact = delivery.RecordAttempt(Now, new AttemptOutcome(500, new string('e', 500), new string('b', 4096), 1));
        var longer = delivery.RecordAttempt(Now.AddSeconds(5), new AttemptOutcome(500, new string('e', 501), new string('b', 4097), 1));

        Assert.Equal((500, 4096), (exact.Error!.Length, exact.ResponseBody.Length));
        Assert.Equal((new string('e', 500), new string('b', 4096)), (longer.Error, longer.ResponseBody));
    }

    [Fact]
    public void An_interrupted_attempt_is_shown_as_interrupted_with_no_answer()
    {
        var delivery = NewDelivery();
        var attempt = delivery.BeginAttempt(Now, RecordedAttempts.Url);

        delivery.CompleteAttempt(attempt, AttemptOutcome.Interrupted, Now, retryAt: Now.AddSeconds(5));

        Assert.Equal((AttemptState.Interrupted, (int?)null, false, 0L), (attempt.State, attempt.StatusCode, attempt.Succeeded, attempt.DurationMs));
        Assert.False(attempt.IsInFlight);
        Assert.Equal(string.Empty, attempt.ResponseBody);
    }

    [Fact]
    public void Only_a_live_delivery_waiting_for_its_first_attempt_is_held_back()
    {
        var tried = NewDelivery();
        tried.RecordAttempt(Now, ServerError);
        var finished = NewDelivery();
        finished.MarkFailed(Now);

        var refused = Assert.Throws<DomainRuleException>(() => tried.HoldBack(Now.AddMinutes(1)));
        Assert.Throws<DomainRuleException>(() => finished.HoldBack(Now.AddMinutes(1)));

        Assert.Equal(("Not held back", "Delivery 0 is not a live delivery waiting for its first attempt."), (refused.Title, refused.Message));
        Assert.Null(tried.Fault);
        Assert.Equal(Now.AddSeconds(5), tried.NextAttemptAt);
    }

    [Fact]
    public async Task A_copy_is_the_same_event_to_the_same_endpoint_as_a_delivery_of_its_own()
    {
        using var store = await TestStore.CreateAsync(StorageProvider.InMemory);
        var original = await SavedDeliveryAsync(store);

        var copy = Delivery.CopyOf(original, DeliveryFault.ConcurrentDuplicate, Now.AddMinutes(1), Now.AddMinutes(2));

        Assert.Equal((original.EventId, original.EndpointId, original.EventType), (copy.EventId, copy.EndpointId, copy.EventType));
        Assert.NotEqual(0, original.Id);
        Assert.Equal(original.Id, copy.DuplicateOfId);
        Assert.True(copy.IsCopy);
        Assert.Equal(DeliveryFault.ConcurrentDuplicate, copy.Fault);
        Assert.Equal((DeliveryStatus.Pending, Now.AddMinutes(1), Now.AddMinutes(2)), (copy.Status, copy.CreatedAt, copy.NextAttemptAt));
        Assert.Equal(0, copy.AttemptCount);
        Assert.False(copy.IsTest);

        var copyOfCopy = Assert.Throws<DomainRuleException>(() => Delivery.CopyOf(copy, DeliveryFault.Duplicate, Now, Now));
        Assert.Equal("Not copied", copyOfCopy.Title);
        Assert.Throws<DomainRuleException>(() => copy.HoldBack(Now.AddMinutes(5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Delivery.CopyOf(original, DeliveryFault.Reordered, Now, Now));
    }

    [Fact]
    public async Task A_saved_test_delivery_is_not_copied()
    {
        using var store = await TestStore.CreateAsync(StorageProvider.InMemory);
        var test = await SavedDeliveryAsync(store, isTest: true);

        var refused = Assert.Throws<DomainRuleException>(() => Delivery.CopyOf(test, DeliveryFault.Duplicate, Now, Now));

        Assert.Equal(
            $"Delivery {test.Id} is a test, a copy or not saved: the fault lab copies only saved live deliveries.",
            refused.Message);
    }

    [Fact]
    public async Task An_attempt_of_another_delivery_is_refused()
    {
        using var store = await TestStore.CreateAsync(StorageProvider.InMemory);
        var one = await SavedDeliveryAsync(store);
        var other = await SavedDeliveryAsync(store);
        var attempt = other.BeginAttempt(Now, RecordedAttempts.Url);

        Assert.Throws<DomainRuleException>(() => one.CompleteAttempt(attempt, Ok, Now, retryAt: null));

        Assert.True(attempt.IsInFlight);
        Assert.Equal(DeliveryStatus.Pending, one.Status);
    }

    [Fact]
    public void A_delivery_without_its_event_endpoint_attempt_or_outcome_is_refused_naming_what_is_missing()
    {
        var endpoint = WebhookEndpoint.Create("https://example.com/hooks", null, "dev@example.com", [EventTypes.SoapNoteCreated], Now);
        var webhookEvent = new WebhookEvent(EventTypes.SoapNoteCreated, 1, Now, "{}", isTest: false);
        var delivery = NewDelivery();
        var attempt = delivery.BeginAttempt(Now, RecordedAttempts.Url);

        Assert.Equal("webhookEvent", Assert.Throws<ArgumentNullException>(() => new Delivery(null!, endpoint, Now)).ParamName);
        Assert.Equal("endpoint", Assert.Throws<ArgumentNullException>(() => new Delivery(webhookEvent, null!, Now)).ParamName);
        Assert.Equal("original", Assert.Throws<ArgumentNullException>(() => Delivery.CopyOf(null!, DeliveryFault.Duplicate, Now, Now)).ParamName);
        Assert.Equal("attempt", Assert.Throws<ArgumentNullException>(() => delivery.CompleteAttempt(null!, Ok, Now, null)).ParamName);
        Assert.Equal("outcome", Assert.Throws<ArgumentNullException>(() => delivery.CompleteAttempt(attempt, null!, Now, null)).ParamName);
        Assert.True(attempt.IsInFlight);
    }

    private static async Task<Delivery> SavedDeliveryAsync(TestStore store, bool isTest = false)
    {
        await using var db = store.NewContext();
        var endpoint = WebhookEndpoint.Create("https://example.com/hooks", null, "dev@example.com", [EventTypes.SoapNoteCreated], Now);
        db.Add(endpoint);
        await db.SaveChangesAsync();
        var delivery = new Delivery(new WebhookEvent(EventTypes.SoapNoteCreated, 1, Now, "{}", isTest), endpoint, Now);
        db.Add(delivery);
        await db.SaveChangesAsync();
        return delivery;
    }

    private static Delivery NewDelivery()
    {
        var endpoint = WebhookEndpoint.Create("https://example.com/hooks", null, "dev@example.com", [EventTypes.SoapNoteCreated], Now);
        return new Delivery(new WebhookEvent(EventTypes.SoapNoteCreated, 1, Now, "{}", isTest: false), endpoint, Now);
    }
}
