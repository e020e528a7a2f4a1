using Microsoft.EntityFrameworkCore;
using Simulator.Core;
using Simulator.Core.Domain;
using Simulator.Core.Persistence;
using Simulator.Tests.Core.Persistence;

namespace Simulator.Tests.Core.Dispatching;

/// <summary>
/// A fresh store (EF Core's in-memory provider: no transaction matters to these stages' decisions)
/// with the rows the dispatcher's stages read: endpoints, events, deliveries. For the stage tests
/// that need no web host.
/// </summary>
internal sealed class DispatchStore : IDbContextFactory<SimulatorDbContext>, IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 26, 14, 0, 0, TimeSpan.Zero);

    private readonly TestStore _store;

    private DispatchStore(TestStore store) => _store = store;

    public static async Task<DispatchStore> CreateAsync() => new(await TestStore.CreateAsync(StorageProvider.InMemory));

    public SimulatorDbContext CreateDbContext() => _store.NewContext();

    /// <summary>An active endpoint, changed by <paramref name="change"/> before it is saved.</summary>
    public async Task<WebhookEndpoint> EndpointAsync(Action<WebhookEndpoint>? change = null)
    {
        var endpoint = WebhookEndpoint.Create("https://receiver.example/hooks", "Receiver under test", "dev@example.com", [EventTypes.Wildcard], Start);
        endpoint.Activate(new Account("Practice", Plan.Premium, Start), Start);
        change?.Invoke(endpoint);
        await using var db = CreateDbContext();
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync();
        return endpoint;
    }

    /// <summary>A pending delivery of a new event (a test send when <paramref name="test"/>), due at its creation.</summary>
    public async Task<Delivery> DeliveryAsync(WebhookEndpoint endpoint, bool test = false, DateTimeOffset? createdAt = null, string payload = "{\"id\":1}")
    {
        await using var db = CreateDbContext();
        var webhookEvent = new WebhookEvent(EventTypes.SoapNoteCreated, 1, createdAt ?? Start, payload, test);
        db.WebhookEvents.Add(webhookEvent);
        await db.SaveChangesAsync();
        var delivery = new Delivery(webhookEvent, endpoint, createdAt ?? Start);
        db.Deliveries.Add(delivery);
        await db.SaveChangesAsync();
        return delivery;
    }

    public async Task<Delivery> ReadDeliveryAsync(long id)
    {
        await using var db = CreateDbContext();
        return await db.Deliveries.AsNoTracking().Include(d => d.Attempts).SingleAsync(d => d.Id == id);
    }

    public async Task<WebhookEndpoint?> ReadEndpointAsync(int id)
    {
        await using var db = CreateDbContext();
        return await db.WebhookEndpoints.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id);
    }

    public async Task<List<Delivery>> DeliveriesAsync()
    {
        await using var db = CreateDbContext();
        return await db.Deliveries.AsNoTracking().OrderBy(d => d.Id).ToListAsync();
    }

    public async Task<List<OutboxEmail>> EmailsAsync()
    {
        await using var db = CreateDbContext();
        return await db.Emails.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
    }

    /// <summary>Changes rows directly, for states the services only reach the long way.</summary>
    public async Task ChangeAsync(Func<SimulatorDbContext, Task> change)
    {
        await using var db = CreateDbContext();
        await change(db);
        await db.SaveChangesAsync();
    }

    public void Dispose() => _store.Dispose();
}
