using Simulator.Core.Domain;
using Simulator.Core.Webhooks;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Core.Dispatching;

public sealed class DeliveryIsolationTests
{
    [Fact]
    public async Task A_hanging_endpoint_holds_only_its_own_share_and_never_a_healthy_endpoint()
    {
        await using var hanging = await TestReceiver.StartAsync();
        hanging.Hang();
        await using var healthy = await TestReceiver.StartAsync();
        // paused simulated time; at most 3 attempts in flight, 2 per endpoint
        await using var app = Simulation.Premium(
            ("Clock:Speed", "0"), ("Delivery:MaxConcurrency", "3"), ("Delivery:MaxConcurrencyPerEndpoint", "2"));
        var stuck = await app.EndpointAsync(hanging.Url());
        var fine = await app.EndpointAsync(healthy.Url());

        var raised = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            raised.Add((await app.CreateNoteAsync()).Deliveries.Single(d => d.EndpointId == fine.Id).DeliveryId);
        }
        await healthy.WaitForRequestsAsync(5);
        await app.WaitUntilAsync(async () =>
        {
            foreach (var id in raised)
            {
                if ((await app.DeliveryAsync(id)).Status != DeliveryStatus.Succeeded)
                {
                    return false;
                }
            }
            return true;
        });
        await hanging.WaitForRequestsAsync(2);

        // once in a whole-suite run (not reproduced alone) a third request was here: say which, if it happens again
        Assert.True(hanging.Count == 2, await WhatReachedAsync(app, stuck.Id, hanging));
        Assert.Equal(5, healthy.Count);

        // the hung attempts time out (real time), freeing the endpoint's share for its next deliveries
        app.RealTime.Advance(TimeSpan.FromSeconds(5));
        await hanging.WaitForRequestsAsync(4);
        Assert.Equal(4, hanging.Count);
        await app.WaitUntilAsync(async () =>
        {
            var attempts = (await app.Service<WebhookActivity>().DeliveriesAsync(new DeliveryFilter(EndpointId: stuck.Id))).SelectMany(d => d.Attempts);
            return attempts.Count(a => a.Error == "timed out after 5 s") == 2;
        });
    }

    private static async Task<string> WhatReachedAsync(SimulatorAppFactory app, int endpointId, TestReceiver receiver)
    {
        var deliveries = await app.Service<WebhookActivity>().DeliveriesAsync(new DeliveryFilter(EndpointId: endpointId));
        var attempts = deliveries.SelectMany(d => d.Attempts.Select(a =>
            $"delivery {d.Id} ({d.Status}, event {d.EventId}) attempt {a.Number}: {a.State} {a.Error} started {a.StartedAt:O}"));
        var requests = receiver.Requests.Select(r => r.Body.Length > 160 ? r.Body[..160] : r.Body);
        return $"{receiver.Count} requests reached the hanging endpoint (share 2):\n{string.Join("\n", requests)}\nits attempts in the store:\n{string.Join("\n", attempts)}\nstrays: {string.Join(", ", receiver.Strays)}";
    }
}
