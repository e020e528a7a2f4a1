using Microsoft.AspNetCore.Http;
using Simulator.Core.Domain;
using Simulator.Core.Webhooks;
using Simulator.Tests.Core.Dispatching;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Core.FaultLab;

/// <summary>The fault lab against a real receiver on 127.0.0.1, with the simulated clock advanced by hand.</summary>
public sealed class FaultLabDeliveryTests
{
    [Fact]
    public async Task Duplicate_rate_1_sends_a_byte_identical_copy_of_every_success_once_between_1_s_and_5_min_later()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await using var app = Simulation.Premium();
        var endpoint = await app.EndpointAsync(receiver.Url());
        await app.Service<WebhookEndpointService>().SetFaultsAsync(endpoint.Id, duplicateRate: 1, null, null, null);

        var raised = new List<RaisedEvent>();
        for (var i = 0; i < 3; i++)
        {
            raised.Add(await app.CreateNoteAsync());
        }
        await app.WhenIdleAsync();
        Assert.Equal(3, receiver.Count);
        // a copy waiting to go does not make its event pending: only the event's own deliveries count
        foreach (var e in raised)
        {
            Assert.Equal(EventStatus.Delivered, (await app.Service<WebhookActivity>().EventAsync(e.EventId))!.Status);
        }

        await app.AdvanceAsync(FaultSettings.MaxDelay + TimeSpan.FromSeconds(1));
        await app.AdvanceAsync(TimeSpan.FromHours(1)); // nothing more: a copy is never copied

        Assert.Equal(6, receiver.Count);
        Assert.All(receiver.Requests.GroupBy(r => r.Body), g => Assert.Equal(2, g.Count()));
        var deliveries = await app.Service<WebhookActivity>().DeliveriesAsync(new DeliveryFilter(EndpointId: endpoint.Id));
        var copies = deliveries.Where(d => d.IsCopy).ToList();
        Assert.Equal(3, copies.Count);
        foreach (var copy in copies)
        {
            var original = deliveries.Single(d => d.Id == copy.DuplicateOfId);
            Assert.Equal(DeliveryFault.Duplicate, copy.Fault);
            Assert.Null(original.Fault);
            Assert.Equal(original.EventId, copy.EventId);
            Assert.Equal(DeliveryStatus.Succeeded, copy.Status);
            var wait = copy.Attempts.Single().StartedAt - original.CompletedAt!.Value;
            Assert.InRange(wait, FaultSettings.MinDelay, FaultSettings.MaxDelay);
        }
    }

    [Fact]
    public async Task Rates_of_0_give_no_fault_even_with_the_lab_touched()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await using var app = Simulation.Premium();
        var endpoint = await app.EndpointAsync(receiver.Url());
        await app.Service<WebhookEndpointService>().SetFaultsAsync(endpoint.Id, 0, 0, 0, seed: 99);

        for (var i = 0; i < 5; i++)
        {
            await app.CreateNoteAsync();
        }
        await app.WhenIdleAsync();
        await app.AdvanceAsync(TimeSpan.FromMinutes(10));

        Assert.Equal(5, receiver.Count);
        Assert.Equal(5, receiver.Requests.Select(r => r.Body).Distinct().Count());
        var deliveries = await app.Service<WebhookActivity>().DeliveriesAsync(new DeliveryFilter(EndpointId: endpoint.Id));
        Assert.All(deliveries, d => Assert.Null(d.Fault));
        Assert.All(deliveries, d => Assert.Null(d.DuplicateOfId));
    }

    [Fact]
    public async Task A_concurrent_duplicate_is_two_simultaneous_posts_on_two_connections()
    {
        await using var receiver = await TestReceiver.StartAsync();
        // each request waits until a second one is in progress at the same time: only overlapping requests get 200
        var inProgress = 0;
        var both = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var connections = new System.Collections.Concurrent.ConcurrentBag<string>();
        receiver.RespondWith(async context =>
        {
            connections.Add(context.Connection.Id);
            if (Interlocked.Increment(ref inProgress) == 2)
            {
                both.TrySetResult();
            }
            var overlapped = await Task.WhenAny(both.Task, Task.Delay(TimeSpan.FromSeconds(8))) == both.Task;
            context.Response.StatusCode = overlapped ? 200 : 500;
            await context.Response.WriteAsync(overlapped ? "overlapped" : "alone");
        });
        await using var app = Simulation.Premium(("Delivery:Timeout", "00:00:20"));
        var endpoint = await app.EndpointAsync(receiver.Url());
        await app.Service<WebhookEndpointService>().SetFaultsAsync(endpoint.Id, null, concurrentDuplicateRate: 1, null, null);

        var raised = await app.CreateNoteAsync();
        await app.WhenIdleAsync();

        Assert.Equal(2, receiver.Count);
        Assert.Single(receiver.Requests.Select(r => r.Body).Distinct());
        Assert.Equal(2, connections.Distinct().Count());
        var deliveries = await app.Service<WebhookActivity>().DeliveriesAsync(new DeliveryFilter(EventId: raised.EventId));
        var original = Assert.Single(deliveries, d => !d.IsCopy);
        var copy = Assert.Single(deliveries, d => d.IsCopy);
        Assert.Equal(DeliveryFault.ConcurrentDuplicate, copy.Fault);
        Assert.Equal(original.Id, copy.DuplicateOfId);
        Assert.Equal(original.Attempts.Single().StartedAt, copy.Attempts.Single().StartedAt);
        Assert.All(deliveries, d => Assert.Equal(200, d.Attempts.Single().StatusCode));
        Assert.All(deliveries, d => Assert.Equal("overlapped", d.Attempts.Single().ResponseBody));
    }

    [Fact]
    public async Task A_held_back_event_arrives_after_a_later_one()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await using var app = Simulation.Premium();
        var endpoint = await app.EndpointAsync(receiver.Url());
        var endpoints = app.Service<WebhookEndpointService>();
        await endpoints.SetFaultsAsync(endpoint.Id, null, null, reorderRate: 1, null);

        var first = await app.CreateNoteAsync();
        await app.WhenIdleAsync();
        await endpoints.SetFaultsAsync(endpoint.Id, null, null, reorderRate: 0, null);
        var second = await app.CreateNoteAsync();
        await app.WhenIdleAsync();
        Assert.Equal(1, receiver.Count);
        await app.AdvanceAsync(FaultSettings.MaxDelay + TimeSpan.FromSeconds(1));

        var firstBody = (await app.Service<WebhookActivity>().EventAsync(first.EventId))!.Event.Payload;
        var secondBody = (await app.Service<WebhookActivity>().EventAsync(second.EventId))!.Event.Payload;
        Assert.Equal([secondBody, firstBody], receiver.Requests.Select(r => r.Body));
        var held = await app.OnlyDeliveryAsync(first);
        Assert.Equal(DeliveryFault.Reordered, held.Fault);
        Assert.Null(held.DuplicateOfId);
        Assert.Equal(DeliveryStatus.Succeeded, held.Status);
        Assert.InRange(held.Attempts.Single().StartedAt - held.CreatedAt, FaultSettings.MinDelay, FaultSettings.MaxDelay);
        Assert.Null((await app.OnlyDeliveryAsync(second)).Fault);
        Assert.Equal(EventStatus.Delivered, (await app.Service<WebhookActivity>().EventAsync(first.EventId))!.Status);
    }

    [Fact]
    public async Task Test_sends_get_no_faults()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await using var app = Simulation.Premium();
        var endpoint = await app.EndpointAsync(receiver.Url());
        await app.Service<WebhookEndpointService>().SetFaultsAsync(endpoint.Id, 1, 1, 1, null);

        var test = await app.Service<WebhookEndpointService>().SendTestAsync(endpoint.Id, EventTypes.SoapNoteCreated);
        await app.AdvanceAsync(TimeSpan.FromMinutes(10));

        Assert.Equal(1, receiver.Count);
        Assert.Null(test.Fault);
        Assert.Single(await app.Service<WebhookActivity>().DeliveriesAsync(new DeliveryFilter(EndpointId: endpoint.Id)));
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_faults_on_two_fresh_stores_and_another_seed_other_ones()
    {
        var first = await RunAsync(seed: 7);
        var again = await RunAsync(seed: 7);
        var other = await RunAsync(seed: 8);

        Assert.Contains(first, f => f.Contains("duplicate", StringComparison.Ordinal));
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    /// <summary>A fixed story on a fresh store; returns each delivery's fault and its timing, relative to the start.</summary>
    private static async Task<List<string>> RunAsync(int seed)
    {
        await using var receiver = await TestReceiver.StartAsync();
        await using var app = Simulation.Premium();
        var endpoint = await app.EndpointAsync(receiver.Url());
        await app.Service<WebhookEndpointService>().SetFaultsAsync(endpoint.Id, 0.5, 0.5, 0.5, seed);
        var start = app.Clock.GetUtcNow();
        for (var i = 0; i < 8; i++)
        {
            await app.CreateNoteAsync();
            await app.WhenIdleAsync();
            await app.AdvanceAsync(TimeSpan.FromSeconds(10));
        }
        await app.AdvanceAsync(TimeSpan.FromMinutes(11));
        var deliveries = await app.Service<WebhookActivity>().DeliveriesAsync(new DeliveryFilter(EndpointId: endpoint.Id));
        Assert.Equal(deliveries.Count, receiver.Count);
        return deliveries.OrderBy(d => d.Id)
            .Select(d => $"{d.Id} event {d.EventId} {d.Fault?.Name() ?? "-"} of {d.DuplicateOfId} at {(d.Attempts.Single().StartedAt - start).TotalMilliseconds}")
            .ToList();
    }
}
