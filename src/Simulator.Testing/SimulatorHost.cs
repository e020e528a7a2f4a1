using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Simulator.Core;
using Simulator.Core.Clock;
using Simulator.Core.Domain;
using Simulator.Core.Payloads;
using Simulator.Core.ReceiverChecks;
using Simulator.Core.SoapNotes;
using Simulator.Core.Webhooks;

namespace Simulator.Testing;

/// <summary>
/// The simulator's core inside a test, for a .NET receiver's own tests: an in-memory store, a Premium
/// account, and a clock that moves only when the test advances it (<see cref="AdvanceAsync"/> runs every
/// attempt, retry, e-mail and disabling that falls due on the way). No web server, no Docker: the only
/// network traffic is the simulator's requests to the receiver.
/// </summary>
/// <remarks>
/// Real time under the simulation clock is a <see cref="FakeTimeProvider"/>: nothing moves by itself, and
/// an attempt's real-time limit (<c>Delivery:Timeout</c>) never expires on its own either, so a receiver that
/// hangs holds its attempt. <see cref="SetFaultsAsync"/> turns the fault lab on for an endpoint: duplicates,
/// concurrent duplicates and reordering, deterministic for a seed.
/// </remarks>
public sealed class SimulatorHost : IAsyncDisposable
{
    public const string Author = "Olivia Owner";

    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private readonly IHost _host;

    private SimulatorHost(IHost host, FakeTimeProvider realTime)
    {
        _host = host;
        RealTime = realTime;
    }

    public IServiceProvider Services => _host.Services;

    /// <summary>The real time the simulation clock runs over; tests seldom need it.</summary>
    public FakeTimeProvider RealTime { get; }

    /// <summary>Simulated now.</summary>
    public DateTimeOffset Now => Service<SimulationClock>().GetUtcNow();

    /// <summary>
    /// Starts the simulator. <paramref name="settings"/> are keys of the <c>Simulator</c> section
    /// (e.g. <c>["Delivery:RetryWindow"] = "12:00:00"</c>), as in the README's configuration table.
    /// </summary>
    public static async Task<SimulatorHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, CancellationToken cancellationToken = default)
    {
        var realTime = new FakeTimeProvider(new DateTimeOffset(2026, 3, 26, 14, 0, 0, TimeSpan.Zero));
        var values = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "InMemory",
            ["Account:Plan"] = "Premium",
            ["Clock:Speed"] = "60",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>($"{SimulatorOptions.SectionName}:{v.Key}", v.Value)));
        builder.Logging.ClearProviders();
        builder.Services.AddKeyedSingleton<TimeProvider>(SimulatorServiceCollectionExtensions.RealTimeKey, realTime);
        builder.Services.AddSimulatorCore(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new SimulatorHost(host, realTime);
    }

    public T Service<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Registers the receiver's URL as an active endpoint for both event types.</summary>
    public async Task<WebhookEndpoint> RegisterReceiverAsync(string url, string contactEmail = "dev@example.com", CancellationToken cancellationToken = default)
    {
        var endpoints = Service<WebhookEndpointService>();
        var endpoint = await endpoints.CreateAsync(url, "Receiver under test", contactEmail, EventTypes.All, cancellationToken);
        return await endpoints.ActivateAsync(endpoint.Id, cancellationToken);
    }

    /// <summary>
    /// The endpoint's fault lab (0 never, 1 every delivery; null keeps a value): a copy of every success
    /// 1 s to 5 min later, a copy sent at the same moment as the first attempt, the delivery held back
    /// 1 s to 5 min so later events overtake it. Which deliveries, and the delays, follow from the seed.
    /// </summary>
    public Task<WebhookEndpoint> SetFaultsAsync(
        int endpointId, double? duplicateRate = null, double? concurrentDuplicateRate = null, double? reorderRate = null, int? seed = null, CancellationToken cancellationToken = default) =>
        Service<WebhookEndpointService>().SetFaultsAsync(endpointId, duplicateRate, concurrentDuplicateRate, reorderRate, seed, cancellationToken);

    /// <summary>
    /// Creates a SOAP note with the fields given (any field of the object but the ids the store
    /// assigns: your clients' refs, <c>created_by</c>, timestamps...); the rest is generated (none given:
    /// a realistic note). Raises <c>soap_note.created</c>; its first attempts run at once.
    /// </summary>
    public async Task<(SoapNote Note, RaisedEvent Event)> CreateSoapNoteAsync(SoapNoteInput? input = null, CancellationToken cancellationToken = default)
    {
        var created = await Service<SoapNoteService>().CreateAsync(input ?? new SoapNoteInput(), Author, cancellationToken);
        await WhenIdleAsync();
        return created;
    }

    /// <summary>Changes the given fields of a note (none given: a realistic change): raises <c>soap_note.updated</c>.</summary>
    public async Task<(SoapNote Note, RaisedEvent Event)> UpdateSoapNoteAsync(int noteId, SoapNoteInput? input = null, CancellationToken cancellationToken = default)
    {
        var updated = await Service<SoapNoteService>().UpdateAsync(noteId, input ?? new SoapNoteInput(), cancellationToken);
        await WhenIdleAsync();
        return updated;
    }

    /// <summary>
    /// "Send test": one attempt now of an event of <paramref name="eventType"/> to the endpoint, whatever its
    /// status. <paramref name="note"/> is sent as <c>data.object</c> exactly, and not saved:
    /// <see cref="SoapNoteObject.ReferenceExample"/> (the documentation's example, the fixture
    /// <c>reference_example</c>), one changed with <c>with</c>, or <see cref="SoapNoteObject.Parse(string, string)"/>
    /// of your JSON; null sends the last saved note. Returns the delivery with its attempt.
    /// </summary>
    public async Task<Delivery> SendTestAsync(int endpointId, string eventType, SoapNoteObject? note = null, CancellationToken cancellationToken = default)
    {
        var delivery = await Service<WebhookEndpointService>().SendTestAsync(endpointId, eventType, note, cancellationToken);
        await WhenIdleAsync();
        return delivery;
    }

    /// <summary>
    /// Sends again, now, every live delivery to the endpoint that failed or was cancelled and whose event was
    /// raised at or after <paramref name="since"/> (catching up after the receiver was down; the simulator's
    /// choice, the real service documents no such thing). Returns those deliveries once the attempts are made.
    /// </summary>
    public async Task<IReadOnlyList<Delivery>> RecoverAsync(int endpointId, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var ids = await Service<DeliveryRecoverer>().RecoverAsync(endpointId, since, cancellationToken);
        await WhenIdleAsync();
        var deliveries = new List<Delivery>();
        foreach (var id in ids)
        {
            deliveries.Add(await DeliveryAsync(id, cancellationToken));
        }
        return deliveries;
    }

    /// <summary>Moves simulated time ahead, running all work that falls due on the way.</summary>
    public async Task AdvanceAsync(TimeSpan delta)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        await Service<SimulationControl>().AdvanceAsync(delta, guard.Token);
    }

    /// <summary>Waits until the work started so far (attempts, e-mails) has settled.</summary>
    public async Task WhenIdleAsync()
    {
        using var guard = new CancellationTokenSource(HangGuard);
        await Service<SimulationControl>().WhenIdleAsync(guard.Token);
    }

    /// <summary>Sends a delivery again now: the identical bytes, as a duplicate would arrive.</summary>
    public async Task<Delivery> SendAgainAsync(long deliveryId, CancellationToken cancellationToken = default)
    {
        var delivery = await Service<WebhookActivity>().RetryAsync(deliveryId, cancellationToken);
        await WhenIdleAsync();
        return await DeliveryAsync(delivery.Id, cancellationToken);
    }

    public async Task<Delivery> DeliveryAsync(long deliveryId, CancellationToken cancellationToken = default) =>
        await Service<WebhookActivity>().DeliveryAsync(deliveryId, cancellationToken)
            ?? throw new InvalidOperationException($"There is no delivery {deliveryId}.");

    /// <summary>Every delivery with its attempts, newest first.</summary>
    public Task<List<Delivery>> DeliveriesAsync(CancellationToken cancellationToken = default) =>
        Service<WebhookActivity>().DeliveriesAsync(new DeliveryFilter(Limit: 1000), cancellationToken);

    /// <summary>The outbox: the e-mails the simulator wrote (failure notices), newest 1,000.</summary>
    public Task<List<OutboxEmail>> EmailsAsync(CancellationToken cancellationToken = default) =>
        Service<WebhookActivity>().EmailsAsync(1000, cancellationToken: cancellationToken);

    /// <summary>Runs the receiver check (README.md, "Check a receiver") against <paramref name="url"/>.</summary>
    public Task<ReceiverCheckReport> CheckReceiverAsync(string url, CancellationToken cancellationToken = default) =>
        Service<ReceiverCheckRunner>().RunAsync(url, null, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(HangGuard);
        await _host.StopAsync(stop.Token);
        _host.Dispose();
    }
}
