using Microsoft.EntityFrameworkCore;
using Simulator.Core.Clock;
using Simulator.Core.Domain;
using Simulator.Core.Persistence;
using Simulator.Core.SoapNotes;
using Simulator.Core.Webhooks;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Core.Dispatching;

/// <summary>Short ways to set up the simulator's state for the engine tests, through its own services.</summary>
internal static class Simulation
{
    // a real-time limit against a hang, not a timing check
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    /// <summary>A simulator on the Premium plan (endpoints can be activated) with the given <c>Simulator</c> settings.</summary>
    public static T Premium<T>(T app, params (string Key, string? Value)[] settings)
        where T : SimulatorAppFactory
    {
        app.Settings["Account:Plan"] = "Premium";
        foreach (var (key, value) in settings)
        {
            app.Settings[key] = value;
        }
        return app;
    }

    public static SimulatorAppFactory Premium(params (string Key, string? Value)[] settings) => Premium(new SimulatorAppFactory(), settings);

    public static async Task<WebhookEndpoint> EndpointAsync(this SimulatorAppFactory app, string url, bool active = true, string description = "Receiver under test", params string[] events)
    {
        var endpoints = app.Service<WebhookEndpointService>();
        var endpoint = await endpoints.CreateAsync(url, description, "dev@example.com", events.Length > 0 ? events : EventTypes.All);
        return active ? await endpoints.ActivateAsync(endpoint.Id) : endpoint;
    }

    /// <summary>Creates a SOAP note (raising <c>soap_note.created</c>) as the Owner would.</summary>
    public static async Task<RaisedEvent> CreateNoteAsync(this SimulatorAppFactory app) =>
        (await app.Service<SoapNoteService>().CreateAsync(new SoapNoteInput(), "Olivia Owner")).Event;

    public static async Task<Delivery> DeliveryAsync(this SimulatorAppFactory app, long id) =>
        await app.Service<WebhookActivity>().DeliveryAsync(id) ?? throw new InvalidOperationException($"No delivery {id}.");

    public static async Task<Delivery> OnlyDeliveryAsync(this SimulatorAppFactory app, RaisedEvent raised) =>
        await app.DeliveryAsync(Assert.Single(raised.Deliveries).DeliveryId);

    public static async Task<WebhookEndpoint> EndpointAsync(this SimulatorAppFactory app, int id) =>
        await app.Service<WebhookEndpointService>().FindAsync(id) ?? throw new InvalidOperationException($"No endpoint {id}.");

    public static async Task<List<OutboxEmail>> EmailsAsync(this SimulatorAppFactory app) =>
        [.. (await app.Service<WebhookActivity>().EmailsAsync()).OrderBy(e => e.Id)];

    /// <summary><see cref="SimulationControl.AdvanceAsync"/>, failing the test instead of hanging it if the work never settles.</summary>
    public static async Task AdvanceAsync(this SimulatorAppFactory app, TimeSpan delta)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        await app.Control.AdvanceAsync(delta, guard.Token);
    }

    public static async Task AdvanceToAsync(this SimulatorAppFactory app, DateTimeOffset target)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        await app.Control.AdvanceToAsync(target, guard.Token);
    }

    /// <summary>Waits until the work started so far (attempts, e-mails, disabling) has settled.</summary>
    public static async Task WhenIdleAsync(this SimulatorAppFactory app)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        await app.Control.WhenIdleAsync(guard.Token);
    }

    /// <summary>Changes the store directly, for states the services only reach the long way.</summary>
    public static async Task ChangeEndpointAsync(this SimulatorAppFactory app, int id, Action<WebhookEndpoint> change)
    {
        await using var db = await app.Service<IDbContextFactory<SimulatorDbContext>>().CreateDbContextAsync();
        change(await db.WebhookEndpoints.SingleAsync(e => e.Id == id));
        await db.SaveChangesAsync();
    }
}
