using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Simulator.Core;
using Simulator.Core.Dispatching;
using Simulator.Core.Domain;
using Simulator.Core.Notifications;
using Simulator.Tests.Core.Telemetry;

namespace Simulator.Tests.Core.Dispatching;

/// <summary>An endpoint's failure not addressed by its disabling time: the endpoint, its waiting deliveries and the notice, in one go.</summary>
public sealed class EndpointDisablingTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Start = DispatchStore.Start;
    private static readonly DateTimeOffset DisableAt = Start.AddHours(1);

    private readonly DispatchStore _store = DispatchStore.CreateAsync().GetAwaiter().GetResult();
    private readonly CapturedLogs _logs = new();
    private readonly Claims _claims = new();
    private readonly DeliveryJournal _journal;
    private readonly EndpointDisabling _disabling;

    public EndpointDisablingTests()
    {
        using var factory = new LoggerFactory([_logs]);
        _journal = new DeliveryJournal(_store, factory.CreateLogger<DeliveryJournal>());
        _disabling = new EndpointDisabling(_journal, new EmailOutbox(Options.Create(new SimulatorOptions())), _claims, factory.CreateLogger<EndpointDisabling>());
    }

    public async ValueTask DisposeAsync()
    {
        await _journal.DisposeAsync();
        _store.Dispose();
    }

    [Fact]
    public async Task A_failure_unaddressed_at_its_disabling_time_disables_the_endpoint_stops_its_waiting_deliveries_and_writes_the_notice()
    {
        var endpoint = await _store.EndpointAsync(e => e.StartFailing(Start, TimeSpan.FromHours(1)));
        var other = await _store.EndpointAsync();
        var waiting = await _store.DeliveryAsync(endpoint);
        var alsoWaiting = await _store.DeliveryAsync(endpoint);
        var inFlight = await _store.DeliveryAsync(endpoint);
        var done = await _store.DeliveryAsync(endpoint);
        var elsewhere = await _store.DeliveryAsync(other);
        await _store.ChangeAsync(async db =>
        {
            (await db.Deliveries.SingleAsync(d => d.Id == inFlight.Id)).BeginAttempt(Start, endpoint.Url);
            var finished = await db.Deliveries.SingleAsync(d => d.Id == done.Id);
            finished.CompleteAttempt(finished.BeginAttempt(Start, endpoint.Url), new AttemptOutcome(200, null, "", 1), Start, null);
        });

        var later = await _disabling.DisableAsync(endpoint.Id, DisableAt);

        Assert.Null(later);
        Assert.Equal(EndpointStatus.Disabled, (await _store.ReadEndpointAsync(endpoint.Id))!.Status);
        var deliveries = (await _store.DeliveriesAsync()).ToDictionary(d => d.Id, d => d.Status);
        Assert.Equal(DeliveryStatus.Cancelled, deliveries[waiting.Id]);
        Assert.Equal(DeliveryStatus.Cancelled, deliveries[alsoWaiting.Id]);
        Assert.Equal(DeliveryStatus.Pending, deliveries[inFlight.Id]); // its outcome finds the endpoint disabled
        Assert.Equal(DeliveryStatus.Succeeded, deliveries[done.Id]);
        Assert.Equal(DeliveryStatus.Pending, deliveries[elsewhere.Id]);
        var email = Assert.Single(await _store.EmailsAsync());
        Assert.Equal((EmailKind.EndpointDisabled, endpoint.Id, DisableAt), (email.Kind, email.EndpointId, email.CreatedAt));
        Assert.Contains("Pending retries stopped: 2", email.Body, StringComparison.Ordinal);
        Assert.Contains(_logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains($"Endpoint {endpoint.Id} disabled; 2 pending deliveries stopped", StringComparison.Ordinal));
        Assert.Equal([(endpoint.Id, DisableAt)], _claims.Asked);
    }

    [Fact]
    public async Task A_disabling_moved_later_meanwhile_changes_nothing_and_says_when_it_is_due()
    {
        var endpoint = await _store.EndpointAsync(e => e.StartFailing(Start.AddMinutes(30), TimeSpan.FromHours(1)));
        var waiting = await _store.DeliveryAsync(endpoint);

        var later = await _disabling.DisableAsync(endpoint.Id, DisableAt);

        Assert.Equal(Start.AddMinutes(90), later);
        Assert.Equal(EndpointStatus.Active, (await _store.ReadEndpointAsync(endpoint.Id))!.Status);
        Assert.Equal(DeliveryStatus.Pending, (await _store.ReadDeliveryAsync(waiting.Id)).Status);
        Assert.Empty(await _store.EmailsAsync());
        Assert.DoesNotContain(_logs.Lines, l => l.Contains("disabled;", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failure_addressed_before_its_disabling_time_disables_nothing()
    {
        var endpoint = await _store.EndpointAsync(e =>
        {
            e.StartFailing(Start, TimeSpan.FromHours(1));
            e.Recover(Start.AddMinutes(10));
        });

        Assert.Null(await _disabling.DisableAsync(endpoint.Id, DisableAt));
        Assert.Equal(EndpointStatus.Active, (await _store.ReadEndpointAsync(endpoint.Id))!.Status);
        Assert.Empty(await _store.EmailsAsync());
    }

    [Fact]
    public async Task A_deactivated_or_deleted_endpoint_is_not_disabled()
    {
        var inactive = await _store.EndpointAsync(e =>
        {
            e.StartFailing(Start, TimeSpan.FromHours(1));
            e.Deactivate(Start.AddMinutes(10));
        });

        Assert.Null(await _disabling.DisableAsync(inactive.Id, DisableAt));
        Assert.Null(await _disabling.DisableAsync(inactive.Id + 100, DisableAt));
        Assert.Equal(EndpointStatus.Inactive, (await _store.ReadEndpointAsync(inactive.Id))!.Status);
        Assert.Empty(await _store.EmailsAsync());
    }

    [Fact]
    public async Task A_disabling_another_process_claimed_is_left_to_it()
    {
        var endpoint = await _store.EndpointAsync(e => e.StartFailing(Start, TimeSpan.FromHours(1)));
        _claims.Refuse = true;

        Assert.Null(await _disabling.DisableAsync(endpoint.Id, DisableAt));
        Assert.Equal(EndpointStatus.Active, (await _store.ReadEndpointAsync(endpoint.Id))!.Status);
        Assert.Empty(await _store.EmailsAsync());
    }

    private sealed class Claims : IDueClaims
    {
        public bool Refuse { get; set; }

        public List<(int EndpointId, DateTimeOffset At)> Asked { get; } = [];

        public Task<IReadOnlySet<long>> ClaimAttemptsAsync(IReadOnlyCollection<long> deliveryIds, DateTimeOffset at, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlySet<long>>(deliveryIds.ToHashSet());

        public Task<bool> ClaimDisablingAsync(int endpointId, DateTimeOffset at, CancellationToken cancellationToken = default)
        {
            Asked.Add((endpointId, at));
            return Task.FromResult(!Refuse);
        }
    }
}
