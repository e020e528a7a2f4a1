using Simulator.Core.Dispatching;
using Simulator.Core.Domain;
using Simulator.Core.Webhooks;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Core.Dispatching;

public sealed class ManualDeliveryTests
{
    [Fact]
    public async Task Retry_now_sends_a_pending_delivery_at_once_and_a_success_ends_its_schedule()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.RespondWith(500);
        await using var app = Simulation.Premium();
        await app.EndpointAsync(receiver.Url());
        var raised = await app.CreateNoteAsync();
        await app.WhenIdleAsync();

        receiver.RespondWith(200);
        var retried = await app.Service<WebhookActivity>().RetryAsync(raised.Deliveries[0].DeliveryId);

        Assert.Equal((DeliveryStatus.Succeeded, 2), (retried.Status, retried.AttemptCount));
        Assert.Equal(app.Clock.GetUtcNow(), retried.Attempts.Single(a => a.Number == 2).StartedAt);
        await app.AdvanceAsync(TimeSpan.FromHours(13));
        Assert.Equal(2, receiver.Count);
    }

    [Fact]
    public async Task Retry_now_that_fails_keeps_the_delivery_pending_and_retrying_with_the_next_numbers()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.RespondWith(500);
        await using var app = Simulation.Premium();
        await app.EndpointAsync(receiver.Url());
        var schedule = app.Service<BackoffSchedule>();
        var raised = await app.CreateNoteAsync();
        await app.WhenIdleAsync();
        await app.AdvanceAsync(TimeSpan.FromSeconds(2));

        var retried = await app.Service<WebhookActivity>().RetryAsync(raised.Deliveries[0].DeliveryId);
        await app.WhenIdleAsync();

        Assert.Equal((DeliveryStatus.Pending, 2), (retried.Status, retried.AttemptCount));
        Assert.Equal(app.Clock.GetUtcNow() + schedule.DelayAfter(retried.Id, 2), retried.NextAttemptAt);
        receiver.FailFirst(1);
        await app.AdvanceAsync(TimeSpan.FromHours(1));
        var delivery = await app.DeliveryAsync(retried.Id);
        Assert.Equal(DeliveryStatus.Succeeded, delivery.Status);
        Assert.Equal([1, 2, 3, 4], delivery.Attempts.Select(a => a.Number).Order());
        Assert.Equal(4, receiver.Count);
    }

    [Fact]
    public async Task Retry_now_of_a_failed_delivery_that_succeeds_makes_it_succeeded()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.RespondWith(500);
        await using var app = Simulation.Premium(("Delivery:RetryWindow", "00:01:00"));
        await app.EndpointAsync(receiver.Url());
        var raised = await app.CreateNoteAsync();
        await app.AdvanceAsync(TimeSpan.FromMinutes(5));
        var failed = await app.OnlyDeliveryAsync(raised);
        Assert.Equal(DeliveryStatus.Failed, failed.Status);

        receiver.RespondWith(204);
        var retried = await app.Service<WebhookActivity>().RetryAsync(failed.Id);

        Assert.Equal((DeliveryStatus.Succeeded, failed.AttemptCount + 1), (retried.Status, retried.AttemptCount));
    }

    [Fact]
    public async Task Two_retries_at_once_never_give_two_attempts_the_same_number()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.RespondWith(500);
        await using var app = Simulation.Premium();
        await app.EndpointAsync(receiver.Url());
        var raised = await app.CreateNoteAsync();
        await app.WhenIdleAsync();
        var activity = app.Service<WebhookActivity>();
        var id = raised.Deliveries[0].DeliveryId;

        await Task.WhenAll(activity.RetryAsync(id), activity.RetryAsync(id), activity.RetryAsync(id));
        await app.WhenIdleAsync();

        var delivery = await app.DeliveryAsync(id);
        Assert.Equal([1, 2, 3, 4], delivery.Attempts.Select(a => a.Number).Order());
        Assert.Equal(4, delivery.AttemptCount);
        Assert.Equal(4, receiver.Count);
    }

    [Fact]
    public async Task Cancel_stops_the_retries_of_a_pending_delivery()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.RespondWith(500);
        await using var app = Simulation.Premium();
        await app.EndpointAsync(receiver.Url());
        var raised = await app.CreateNoteAsync();
        await app.WhenIdleAsync();

        var cancelled = await app.Service<WebhookActivity>().CancelAsync(raised.Deliveries[0].DeliveryId);

        Assert.Equal((DeliveryStatus.Cancelled, 1), (cancelled.Status, cancelled.AttemptCount));
        Assert.Null(cancelled.NextAttemptAt);
        Assert.Equal(app.Clock.GetUtcNow(), cancelled.CompletedAt);
        await app.AdvanceAsync(TimeSpan.FromHours(13));
        Assert.Equal(1, receiver.Count);
        Assert.Equal(DeliveryStatus.Cancelled, (await app.DeliveryAsync(cancelled.Id)).Status);
        Assert.Null(app.Service<WebhookActivity>().NextAttemptAt);
    }

    [Fact]
    public async Task Only_a_pending_delivery_can_be_cancelled()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await using var app = Simulation.Premium();
        await app.EndpointAsync(receiver.Url());
        var raised = await app.CreateNoteAsync();
        await app.WhenIdleAsync();

        var refused = await Assert.ThrowsAsync<DomainRuleException>(() => app.Service<WebhookActivity>().CancelAsync(raised.Deliveries[0].DeliveryId));

        Assert.Equal("Delivery is not pending", refused.Title);
        Assert.Equal(DeliveryStatus.Succeeded, (await app.OnlyDeliveryAsync(raised)).Status);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => app.Service<WebhookActivity>().CancelAsync(999_999));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => app.Service<WebhookActivity>().RetryAsync(999_999));
    }
}
