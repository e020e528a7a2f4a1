using Microsoft.EntityFrameworkCore;
using Simulator.Core;
using Simulator.Core.Dispatching;
using Simulator.Core.Domain;
using Simulator.Core.Persistence;
using Simulator.Core.Webhooks;
using Simulator.Tests.Core.Dispatching;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Core.Races;

/// <summary>
/// Deletes and cancels against attempts that are starting, on both stores: what a user did to the
/// throwaway store before it was transactional (deliveries left with an attempt in flight forever,
/// attempt numbers out of order, untouched endpoints stranded). The log must account for every
/// request a receiver got, and nothing may be left half done.
/// </summary>
public sealed class StartRaceTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"insim-race-{Guid.NewGuid():N}.db");

    [Theory]
    [InlineData(StorageProvider.InMemory)]
    [InlineData(StorageProvider.Sqlite)]
    public async Task Deletes_and_cancels_racing_starting_attempts_leave_every_delivery_whole(StorageProvider store)
    {
        await using var receiver = await TestReceiver.StartAsync();
        // answers after a while of real time, so that attempts are in flight while the deletes and cancels land
        receiver.RespondWith(async context =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(150));
            context.Response.StatusCode = 200;
        });
        await using var app = Simulation.Premium(("Storage:Provider", store.ToString()), ("Storage:SqlitePath", _path), ("Delivery:MaxConcurrencyPerEndpoint", "4"));
        var endpoints = new List<WebhookEndpoint>();
        for (var i = 0; i < 8; i++)
        {
            endpoints.Add(await app.EndpointAsync(receiver.Url($"/hooks/{i}")));
        }
        var deleted = endpoints.Take(3).Select(e => e.Id).ToHashSet();
        var cancelled = endpoints.Skip(3).Take(2).Select(e => e.Id).ToHashSet();
        var untouched = endpoints.Skip(5).Select(e => e.Id).ToHashSet();

        var raising = Enumerable.Range(0, 30).Select(_ => Task.Run(app.CreateNoteAsync)).ToList();
        // while the first attempts start: delete three endpoints, stop retrying every delivery of two others
        await receiver.WaitForRequestsAsync(1);
        var deletes = deleted.Select(id => Task.Run(() => app.Service<WebhookEndpointService>().DeleteAsync(id)));
        var cancels = cancelled.Select(id => Task.Run(() => CancelAllAsync(app, id)));
        await Task.WhenAll([.. raising, .. deletes, .. cancels]);
        await app.WhenIdleAsync();
        await app.AdvanceAsync(TimeSpan.FromHours(13)); // every retry there is, and the window's end

        var deliveries = await AllDeliveriesAsync(app);
        Assert.All(untouched, id => Assert.Equal(30, deliveries.Count(d => d.EndpointId == id)));
        Assert.All(deliveries, d =>
        {
            Assert.DoesNotContain(d.Attempts, a => a.IsInFlight);
            Assert.Equal(d.AttemptCount, d.Attempts.Count);
            Assert.Equal(Enumerable.Range(1, d.AttemptCount), d.Attempts.Select(a => a.Number).Order());
            Assert.NotEqual(DeliveryStatus.Pending, d.Status);
        });
        Assert.All(deliveries.Where(d => untouched.Contains(d.EndpointId)), d => Assert.Equal(DeliveryStatus.Succeeded, d.Status));
        Assert.All(deliveries.Where(d => !untouched.Contains(d.EndpointId)), d => Assert.Contains(d.Status, new[] { DeliveryStatus.Succeeded, DeliveryStatus.Cancelled }));

        // every request the receiver got is an attempt in the log, with its answer
        var payloads = await PayloadsAsync(app);
        var logged = deliveries.SelectMany(d => d.Attempts.Where(a => a.StatusCode is not null).Select(a => (new Uri(a.Url).AbsolutePath[receiver.PathBase.Length..], payloads[d.EventId])))
            .GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count());
        var received = receiver.Requests.GroupBy(r => (r.Path, r.Body)).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(logged.OrderBy(x => x.Key.Item1).ThenBy(x => x.Key.Item2), received.OrderBy(x => x.Key.Item1).ThenBy(x => x.Key.Item2));
    }

    public void Dispose() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

    private static async Task CancelAllAsync(SimulatorAppFactory app, int endpointId)
    {
        var manual = app.Service<ManualDeliveries>();
        // as a user would: again and again, as new deliveries arrive, until none is left waiting
        for (var round = 0; round < 20; round++)
        {
            var pending = await app.Service<WebhookActivity>().DeliveriesAsync(new DeliveryFilter(EndpointId: endpointId, Status: DeliveryStatus.Pending));
            foreach (var delivery in pending)
            {
                try
                {
                    await manual.CancelAsync(delivery.Id);
                }
                catch (DomainRuleException)
                {
                    // finished meanwhile (its attempt, let finish first, succeeded)
                }
            }
            await Task.Yield();
        }
    }

    private static async Task<List<Delivery>> AllDeliveriesAsync(SimulatorAppFactory app)
    {
        await using var db = await app.Service<IDbContextFactory<SimulatorDbContext>>().CreateDbContextAsync();
        return await db.Deliveries.AsNoTracking().Include(d => d.Attempts).Where(d => !d.IsTest).ToListAsync();
    }

    private static async Task<Dictionary<long, string>> PayloadsAsync(SimulatorAppFactory app)
    {
        await using var db = await app.Service<IDbContextFactory<SimulatorDbContext>>().CreateDbContextAsync();
        return await db.WebhookEvents.AsNoTracking().ToDictionaryAsync(e => e.Id, e => e.Payload);
    }
}
