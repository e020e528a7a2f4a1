using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Simulator.Core.Clock;
using Simulator.Core.Domain;
using Simulator.Core.Live;
using Simulator.Core.Webhooks;
using Simulator.Tests.TestSupport;
using Xunit.Abstractions;

namespace Simulator.Tests.Scale;

/// <summary>
/// Two instances of the core in this process on one PostgreSQL database (a real server the test run
/// starts): what one writes reaches the other's live view (the notifier its pages refresh from), and
/// a speed change on one holds on the other.
/// </summary>
[Collection(ScaleCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class LiveViewAcrossInstancesTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_endpoint_and_a_note_s_event_and_delivery_made_on_one_instance_reach_the_other_instances_live_view_and_so_does_a_speed_change()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("insim_live_view");
        using var first = await PostgresCoreHost.StartAsync(connectionString);
        using var second = await PostgresCoreHost.StartAsync(connectionString);
        var heard = new ConcurrentQueue<LiveChange>();
        second.Services.GetRequiredService<LiveUpdates>().Changed += (_, change) => heard.Enqueue(change);

        var endpoints = first.Services.GetRequiredService<WebhookEndpointService>();
        var waited = Stopwatch.StartNew();
        var endpoint = await endpoints.CreateAsync("http://127.0.0.1:9/hook", "made on the first", "dev@example.com", [EventTypes.SoapNoteCreated]);
        Assert.True(await EventuallyAsync(() => heard.Any(c => c.Kind == LiveChangeKind.Endpoint && c.Id == endpoint.Id)),
            $"the second instance's live view did not hear of endpoint {endpoint.Id}: {string.Join(", ", heard)}");
        output.WriteLine($"endpoint {endpoint.Id} created on the first instance, heard on the second after {waited.Elapsed.TotalMilliseconds:0} ms");

        var seen = await second.Services.GetRequiredService<WebhookEndpointService>().FindAsync(endpoint.Id);
        Assert.Equal("made on the first", seen?.Description);

        // a note saved on the first: its note, its event and its delivery reach the second's view, and the delivery reads the same there
        await endpoints.ActivateAsync(endpoint.Id);
        waited.Restart();
        var (note, raised) = await first.Services.GetRequiredService<Simulator.Core.SoapNotes.SoapNoteService>().CreateAsync(new Simulator.Core.SoapNotes.SoapNoteInput(), "Olivia Owner");
        var deliveryId = Assert.Single(raised.Deliveries).DeliveryId;
        Assert.True(await EventuallyAsync(() =>
                heard.Any(c => c.Kind == LiveChangeKind.SoapNote && c.Id == note.Id)
                && heard.Any(c => c.Kind == LiveChangeKind.Event && c.Id == raised.EventId)
                && heard.Any(c => c.Kind == LiveChangeKind.Delivery && c.Id == deliveryId)),
            $"the second instance's live view did not hear of note {note.Id}, event {raised.EventId} and delivery {deliveryId}: {string.Join(", ", heard)}");
        output.WriteLine($"note {note.Id} saved on the first instance; its note, event and delivery heard on the second after {waited.Elapsed.TotalMilliseconds:0} ms");
        var delivery = await second.Services.GetRequiredService<WebhookActivity>().DeliveryAsync(deliveryId);
        Assert.Equal(raised.EventId, delivery?.EventId);

        waited.Restart();
        first.Services.GetRequiredService<SimulationClock>().SetSpeed(1234);
        var secondClock = second.Services.GetRequiredService<SimulationClock>();
        Assert.True(await EventuallyAsync(() => secondClock.Speed == 1234), $"the second instance runs at {secondClock.Speed}");
        output.WriteLine($"speed set on the first instance, held on the second after {waited.Elapsed.TotalMilliseconds:0} ms");
    }

    // a guard against a hang, not a timing check: the contract's 2 s and 1 s are reported above
    private static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(20))
            {
                return false;
            }
            await Task.Delay(10);
        }
        return true;
    }
}
