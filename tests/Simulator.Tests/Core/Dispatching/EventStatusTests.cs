using Microsoft.AspNetCore.Http;
using Simulator.Core.Domain;
using Simulator.Core.Webhooks;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Core.Dispatching;

public sealed class EventStatusTests
{
    [Fact]
    public async Task An_event_is_pending_while_a_retry_waits_even_when_another_endpoint_received_it()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.RespondWith(context => context.Request.Path == "/failing" ? Answer(context, 500) : Answer(context, 200));
        await using var app = Simulation.Premium();
        await app.EndpointAsync(receiver.Url("/ok"));
        await app.EndpointAsync(receiver.Url("/failing"));

        var raised = await app.CreateNoteAsync();
        await app.WhenIdleAsync();

        Assert.Equal(2, receiver.Count);
        Assert.Equal(EventStatus.Pending, await StatusAsync(app, raised.EventId));
        Assert.Equal([raised.EventId], await IdsAsync(app, new EventFilter(Status: EventStatus.Pending)));
    }

    [Fact]
    public async Task An_event_is_delivered_once_every_endpoint_answered_2xx()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.FailFirst(1);
        await using var app = Simulation.Premium();
        await app.EndpointAsync(receiver.Url());

        var raised = await app.CreateNoteAsync();
        await app.WhenIdleAsync();
        Assert.Equal(EventStatus.Pending, await StatusAsync(app, raised.EventId));
        await app.AdvanceAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(DeliveryStatus.Succeeded, (await app.OnlyDeliveryAsync(raised)).Status);
        Assert.Equal(EventStatus.Delivered, await StatusAsync(app, raised.EventId));
        Assert.Empty(await IdsAsync(app, new EventFilter(Status: EventStatus.Pending)));
    }

    [Fact]
    public async Task An_event_is_failed_after_the_retry_window_and_delivered_once_sent_again_by_hand()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.RespondWith(500);
        await using var app = Simulation.Premium(("Delivery:RetryWindow", "00:01:00"));
        await app.EndpointAsync(receiver.Url());

        var raised = await app.CreateNoteAsync();
        await app.AdvanceAsync(TimeSpan.FromMinutes(5));

        Assert.Equal(DeliveryStatus.Failed, (await app.OnlyDeliveryAsync(raised)).Status);
        Assert.Equal(EventStatus.Failed, await StatusAsync(app, raised.EventId));
        Assert.Equal([raised.EventId], await IdsAsync(app, new EventFilter(Status: EventStatus.Failed)));

        receiver.RespondWith(200);
        await app.Service<WebhookActivity>().RetryAsync(raised.Deliveries[0].DeliveryId);
        Assert.Equal(EventStatus.Delivered, await StatusAsync(app, raised.EventId));
    }

    [Fact]
    public async Task A_cancelled_delivery_makes_its_event_failed()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.RespondWith(500);
        await using var app = Simulation.Premium();
        await app.EndpointAsync(receiver.Url());
        var raised = await app.CreateNoteAsync();
        await app.WhenIdleAsync();

        await app.Service<WebhookActivity>().CancelAsync(raised.Deliveries[0].DeliveryId);

        Assert.Equal(EventStatus.Failed, await StatusAsync(app, raised.EventId));
    }

    [Fact]
    public async Task An_event_that_owed_no_delivery_is_delivered()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await using var app = Simulation.Premium();
        await app.EndpointAsync(receiver.Url(), active: false);

        var raised = await app.CreateNoteAsync();
        await app.WhenIdleAsync();

        Assert.Empty(raised.Deliveries);
        Assert.Equal(EventStatus.Delivered, await StatusAsync(app, raised.EventId));
    }

    [Fact]
    public async Task A_test_event_takes_the_status_of_its_one_delivery_and_is_listed_unless_filtered_out()
    {
        await using var receiver = await TestReceiver.StartAsync();
        var answer = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.RespondWith(async context => await Answer(context, await answer.Task));
        await using var app = Simulation.Premium();
        var endpoint = await app.EndpointAsync(receiver.Url(), active: false);
        var endpoints = app.Service<WebhookEndpointService>();

        var inFlight = endpoints.SendTestAsync(endpoint.Id, EventTypes.SoapNoteCreated);
        await receiver.WaitForRequestsAsync(1);
        var pending = Assert.Single(await app.Service<WebhookActivity>().EventsAsync(new EventFilter(IsTest: true)));
        Assert.Equal((true, EventStatus.Pending), (pending.Event.IsTest, pending.Status));
        answer.SetResult(204);
        var succeeded = await inFlight;
        Assert.Equal(EventStatus.Delivered, await StatusAsync(app, succeeded.EventId));

        receiver.RespondWith(500);
        var failed = await endpoints.SendTestAsync(endpoint.Id, EventTypes.SoapNoteCreated);
        Assert.Equal(DeliveryStatus.Failed, failed.Status);
        Assert.Equal(EventStatus.Failed, await StatusAsync(app, failed.EventId));

        Assert.Equal([failed.EventId, succeeded.EventId], await IdsAsync(app, new EventFilter()));
        Assert.Empty(await IdsAsync(app, new EventFilter(IsTest: false)));
        Assert.Equal([failed.EventId, succeeded.EventId], await IdsAsync(app, new EventFilter(IsTest: true)));
        Assert.Equal([failed.EventId], await IdsAsync(app, new EventFilter(IsTest: null, Status: EventStatus.Failed)));
    }

    private static async Task<EventStatus> StatusAsync(SimulatorAppFactory app, long eventId) =>
        (await app.Service<WebhookActivity>().EventAsync(eventId) ?? throw new InvalidOperationException($"No event {eventId}.")).Status;

    private static async Task<List<long>> IdsAsync(SimulatorAppFactory app, EventFilter filter) =>
        [.. (await app.Service<WebhookActivity>().EventsAsync(filter)).Select(s => s.Event.Id)];

    private static async Task Answer(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsync("answer");
    }
}
