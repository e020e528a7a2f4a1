using Simulator.Core.Domain;

namespace Simulator.Tests.Core.Domain;

public sealed class DeliveryTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 26, 14, 0, 0, TimeSpan.Zero);
    private static readonly AttemptOutcome ServerError = new(500, "HTTP 500", "boom", 12);
    private static readonly AttemptOutcome Ok = new(200, null, "ok", 3);

    [Fact]
    public void A_new_delivery_is_pending_and_due_now()
    {
        var delivery = NewDelivery();

        Assert.Equal(DeliveryStatus.Pending, delivery.Status);
        Assert.Equal(0, delivery.AttemptCount);
        Assert.Equal(Now, delivery.NextAttemptAt);
        Assert.Null(delivery.FirstAttemptAt);
        Assert.Null(delivery.CompletedAt);
        Assert.Equal(EventTypes.SoapNoteCreated, delivery.EventType);
        Assert.False(delivery.IsTest);
    }

    [Fact]
    public void Attempts_are_numbered_from_one_and_a_failure_with_a_retry_leaves_the_delivery_pending()
    {
        var delivery = NewDelivery();

        var first = delivery.RecordAttempt(Now, ServerError);
        delivery.ScheduleNextAttempt(Now.AddSeconds(5));
        var second = delivery.RecordAttempt(Now.AddSeconds(5), ServerError);

        Assert.Equal([1, 2], delivery.Attempts.Select(a => a.Number));
        Assert.Equal((1, 2), (first.Number, second.Number));
        Assert.Equal(2, delivery.AttemptCount);
        Assert.Equal(Now, delivery.FirstAttemptAt);
        Assert.Equal(DeliveryStatus.Pending, delivery.Status);
        Assert.Equal(Now.AddSeconds(10), delivery.NextAttemptAt);
        Assert.Equal((500, "HTTP 500", "boom", false), (second.StatusCode, second.Error, second.ResponseBody, second.Succeeded));
    }

    [Fact]
    public void A_2xx_attempt_ends_the_delivery_as_succeeded()
    {
        var delivery = NewDelivery();
        delivery.RecordAttempt(Now, ServerError);

        var success = delivery.RecordAttempt(Now.AddSeconds(5), Ok);

        Assert.True(success.Succeeded);
        Assert.Equal(DeliveryStatus.Succeeded, delivery.Status);
        Assert.Equal(Now.AddSeconds(5), delivery.CompletedAt);
        Assert.Null(delivery.NextAttemptAt);
        Assert.Throws<DomainRuleException>(() => delivery.ScheduleNextAttempt(Now.AddMinutes(1)));
        Assert.Throws<DomainRuleException>(() => delivery.Cancel(Now.AddMinutes(1)));
        Assert.Throws<DomainRuleException>(() => delivery.MarkFailed(Now.AddMinutes(1)));
        Assert.Equal(DeliveryStatus.Succeeded, delivery.Status);
    }

    [Theory]
    [InlineData(199)]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(304)]
    [InlineData(404)]
    [InlineData(503)]
    public void Only_a_2xx_answer_counts_as_received(int status)
    {
        var delivery = NewDelivery();

        var attempt = delivery.RecordAttempt(Now, new AttemptOutcome(status, $"HTTP {status}", "", 1));

        Assert.False(attempt.Succeeded);
        Assert.Equal(DeliveryStatus.Pending, delivery.Status);
    }

    [Fact]
    public void A_failure_without_an_answer_is_kept_with_its_error()
    {
        var delivery = NewDelivery();

        var attempt = delivery.RecordAttempt(Now, new AttemptOutcome(null, "connection refused", "", 1));

        Assert.Equal((null, "connection refused", false), (attempt.StatusCode, attempt.Error, attempt.Succeeded));
        Assert.Equal("connection refused", new AttemptOutcome(null, "connection refused", "", 1).Summary);
    }

    [Fact]
    public void A_long_response_body_is_kept_to_four_kilobytes()
    {
        var delivery = NewDelivery();

        var attempt = delivery.RecordAttempt(Now, new AttemptOutcome(500, "HTTP 500", new string('x', 10_000), 1));

        Assert.Equal(DeliveryAttempt.MaxResponseBodyLength, attempt.ResponseBody.Length);
    }

    [Fact]
    public void Cancel_stops_a_pending_delivery_only()
    {
        var delivery = NewDelivery();
        delivery.RecordAttempt(Now, ServerError);
        delivery.ScheduleNextAttempt(Now.AddSeconds(5));

        delivery.Cancel(Now.AddSeconds(1));

        Assert.Equal(DeliveryStatus.Cancelled, delivery.Status);
        Assert.Null(delivery.NextAttemptAt);
        Assert.Equal(Now.AddSeconds(1), delivery.CompletedAt);
        var again = Assert.Throws<DomainRuleException>(() => delivery.Cancel(Now.AddSeconds(2)));
        Assert.Equal("Delivery is not pending", again.Title);
        Assert.Throws<DomainRuleException>(() => delivery.MarkFailed(Now.AddSeconds(2)));
    }

    [Fact]
    public void MarkFailed_ends_a_pending_delivery_once()
    {
        var delivery = NewDelivery();
        delivery.RecordAttempt(Now, ServerError);

        delivery.MarkFailed(Now.AddHours(12));

        Assert.Equal(DeliveryStatus.Failed, delivery.Status);
        Assert.Equal(Now.AddHours(12), delivery.CompletedAt);
        Assert.Null(delivery.NextAttemptAt);
        Assert.Throws<DomainRuleException>(() => delivery.MarkFailed(Now.AddHours(13)));
        Assert.Throws<DomainRuleException>(() => delivery.Cancel(Now.AddHours(13)));
        Assert.Throws<DomainRuleException>(() => delivery.ScheduleNextAttempt(Now.AddHours(13)));
    }

    [Fact]
    public void A_manual_retry_of_a_failed_delivery_that_succeeds_ends_it_as_succeeded()
    {
        var delivery = NewDelivery();
        delivery.RecordAttempt(Now, ServerError);
        delivery.MarkFailed(Now.AddHours(12));

        delivery.RecordAttempt(Now.AddHours(13), ServerError);
        Assert.Equal(DeliveryStatus.Failed, delivery.Status);

        delivery.RecordAttempt(Now.AddHours(14), Ok);
        Assert.Equal(DeliveryStatus.Succeeded, delivery.Status);
        Assert.Equal([1, 2, 3], delivery.Attempts.Select(a => a.Number));
    }

    [Fact]
    public void An_attempt_is_recorded_as_in_flight_before_it_goes_out_and_keeps_its_url()
    {
        var delivery = NewDelivery();

        var attempt = delivery.BeginAttempt(Now, "https://example.com/v1");

        Assert.True(attempt.IsInFlight);
        Assert.Equal((1, "https://example.com/v1", Now), (attempt.Number, attempt.Url, attempt.StartedAt));
        Assert.Equal((1, DeliveryStatus.Pending), (delivery.AttemptCount, delivery.Status));
        Assert.Null(delivery.NextAttemptAt);
        Assert.Equal(Now, delivery.FirstAttemptAt);
    }

    [Fact]
    public void A_failure_with_no_retry_left_fails_the_delivery_in_the_same_step()
    {
        var delivery = NewDelivery();
        var attempt = delivery.BeginAttempt(Now.AddHours(12), RecordedAttempts.Url);

        var transition = delivery.CompleteAttempt(attempt, ServerError, Now.AddHours(12).AddSeconds(1), retryAt: null);

        Assert.Equal(DeliveryTransition.Failed, transition);
        Assert.Equal(DeliveryStatus.Failed, delivery.Status);
        Assert.Equal(Now.AddHours(12).AddSeconds(1), delivery.CompletedAt);
        Assert.Equal(AttemptState.Completed, attempt.State);
    }

    [Fact]
    public void A_failure_to_a_gone_or_disabled_endpoint_cancels_instead_of_retrying()
    {
        var delivery = NewDelivery();
        var attempt = delivery.BeginAttempt(Now, RecordedAttempts.Url);

        var transition = delivery.CompleteAttempt(attempt, ServerError, Now, retryAt: null, endpointStopped: true);

        Assert.Equal(DeliveryTransition.Stopped, transition);
        Assert.Equal(DeliveryStatus.Cancelled, delivery.Status);
    }

    [Fact]
    public void An_interrupted_attempt_keeps_its_number_and_the_next_one_follows_it()
    {
        var delivery = NewDelivery();
        var first = delivery.BeginAttempt(Now, RecordedAttempts.Url);

        delivery.CompleteAttempt(first, AttemptOutcome.Interrupted, Now.AddMinutes(1), retryAt: Now.AddSeconds(5));
        var second = delivery.BeginAttempt(Now.AddSeconds(5), RecordedAttempts.Url);

        Assert.Equal(AttemptState.Interrupted, first.State);
        Assert.StartsWith("interrupted", first.Error, StringComparison.Ordinal);
        Assert.Equal(2, second.Number);
    }

    [Fact]
    public void Only_an_attempt_in_flight_can_be_completed()
    {
        var delivery = NewDelivery();
        var attempt = delivery.RecordAttempt(Now, ServerError);

        Assert.Throws<DomainRuleException>(() => delivery.CompleteAttempt(attempt, Ok, Now, retryAt: null));
    }

    [Fact]
    public void A_test_event_makes_a_test_delivery()
    {
        var endpoint = WebhookEndpoint.Create("https://example.com/hooks", null, "dev@example.com", [EventTypes.SoapNoteCreated], Now);
        var test = new WebhookEvent(EventTypes.SoapNoteUpdated, 7, Now, "{}", isTest: true);

        var delivery = new Delivery(test, endpoint, Now);

        Assert.True(delivery.IsTest);
        Assert.Equal(EventTypes.SoapNoteUpdated, delivery.EventType);
    }

    [Fact]
    public void An_event_of_an_unknown_type_cannot_exist()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WebhookEvent("soap_note.deleted", 1, Now, "{}", isTest: false));
    }

    private static Delivery NewDelivery()
    {
        var endpoint = WebhookEndpoint.Create("https://example.com/hooks", null, "dev@example.com", [EventTypes.SoapNoteCreated], Now);
        var webhookEvent = new WebhookEvent(EventTypes.SoapNoteCreated, 1, Now, "{}", isTest: false);
        return new Delivery(webhookEvent, endpoint, Now);
    }
}
