using Microsoft.Extensions.Options;
using Simulator.Core;
using Simulator.Core.Dispatching;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Core.Dispatching;

/// <summary>The slots of a deleted endpoint go, whether its attempts had finished or were still in flight.</summary>
public sealed class DeliveryConcurrencyTests
{
    private readonly DeliveryConcurrency _concurrency = new(Options.Create(new SimulatorOptions
    {
        Delivery = new DeliveryOptions { MaxConcurrency = 4, MaxConcurrencyPerEndpoint = 2 },
    }));

    [Fact]
    public void A_deleted_endpoint_with_no_slot_taken_is_let_go_at_once()
    {
        Assert.True(_concurrency.TryEnter(7, out var lease));
        lease!.Dispose();
        Assert.Equal(1, _concurrency.KnownEndpoints);

        _concurrency.Forget(7);

        Assert.Equal(0, _concurrency.KnownEndpoints);
    }

    [Fact]
    public void A_deleted_endpoint_s_slots_go_when_its_last_attempt_gives_its_slot_back()
    {
        Assert.True(_concurrency.TryEnter(7, out var first));
        Assert.True(_concurrency.TryEnter(7, out var second));

        _concurrency.Forget(7);
        Assert.Equal(1, _concurrency.KnownEndpoints); // attempts still in flight hold them
        first!.Dispose();
        Assert.Equal(1, _concurrency.KnownEndpoints);
        second!.Dispose();

        Assert.Equal(0, _concurrency.KnownEndpoints);
        Assert.Equal(2, _concurrency.FreeSlots(7)); // and nothing was lost: a full share, the total's slots all back
        Assert.True(_concurrency.TryEnter(8, out var other));
        Assert.True(_concurrency.TryEnter(9, out var more));
        Assert.True(_concurrency.TryEnter(9, out var most));
        Assert.True(_concurrency.TryEnter(10, out var last));
        Assert.False(_concurrency.TryEnter(11, out _)); // the total is 4
        foreach (var held in new[] { other, more, most, last })
        {
            held!.Dispose();
        }
    }

    [Fact]
    public void Another_endpoint_keeps_its_slots_when_one_is_deleted()
    {
        Assert.True(_concurrency.TryEnter(7, out var deleted));
        Assert.True(_concurrency.TryEnter(8, out var kept));

        _concurrency.Forget(7);
        deleted!.Dispose();
        kept!.Dispose();

        Assert.Equal(1, _concurrency.KnownEndpoints);
        Assert.True(_concurrency.TryEnter(8, out var again));
        again!.Dispose();
    }

    [Fact]
    public async Task Deleting_an_endpoint_while_its_attempt_hangs_lets_its_slots_go_when_the_attempt_times_out()
    {
        await using var hanging = await TestReceiver.StartAsync();
        hanging.Hang();
        await using var app = Simulation.Premium(("Clock:Speed", "0"));
        var endpoint = await app.EndpointAsync(hanging.Url());
        await app.CreateNoteAsync();
        await hanging.WaitForRequestsAsync(1);
        var concurrency = app.Service<DeliveryConcurrency>();

        await app.Service<Simulator.Core.Webhooks.WebhookEndpointService>().DeleteAsync(endpoint.Id);
        Assert.Equal(1, concurrency.KnownEndpoints); // its attempt is still in flight

        app.RealTime.Advance(TimeSpan.FromSeconds(5)); // the attempt times out
        await app.WhenIdleAsync();

        Assert.Equal(0, concurrency.KnownEndpoints);
    }
}
