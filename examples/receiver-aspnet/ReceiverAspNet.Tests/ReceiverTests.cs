using Simulator.Core.Domain;
using Simulator.Core.Payloads;
using Simulator.Core.ReceiverChecks;
using Simulator.Core.Webhooks;
using Simulator.Testing;

namespace ReceiverAspNet.Tests;

/// <summary>The receiver against the simulator running inside the test (Simulator.Testing): no Docker, no web server of the simulator's.</summary>
public sealed class ReceiverTests : IAsyncLifetime
{
    private readonly RunningReceiver _receiver = new();
    private SimulatorHost _simulator = null!;

    // answers_quickly keeps the contract's 2 s in the product; here the machine running the tests may be busy
    public async Task InitializeAsync() => _simulator = await SimulatorHost.StartAsync(new Dictionary<string, string?> { ["ReceiverCheck:AnswerWithin"] = "00:00:30" });

    [Fact]
    public async Task The_receiver_passes_the_receiver_check()
    {
        var report = await _simulator.CheckReceiverAsync(_receiver.Url);

        Assert.True(report.Status == ReceiverCheckStatus.Passed, string.Join("; ", report.Cases.Where(c => c.Failed).Select(c => $"{c.Name}: {c.Detail}")));
    }

    [Fact]
    public async Task A_duplicate_from_the_fault_lab_is_answered_2xx_and_kept_once()
    {
        var endpoint = await _simulator.RegisterReceiverAsync(_receiver.Url);
        await _simulator.SetFaultsAsync(endpoint.Id, duplicateRate: 1);
        var (note, _) = await _simulator.CreateSoapNoteAsync();

        await _simulator.AdvanceAsync(TimeSpan.FromMinutes(6)); // a duplicate follows 1 s to 5 min after the success

        var deliveries = await _simulator.DeliveriesAsync();
        Assert.Equal(2, deliveries.Count);
        Assert.Single(deliveries, d => d.Fault == DeliveryFault.Duplicate);
        Assert.All(deliveries, d => Assert.Equal(200, d.Attempts.Single().StatusCode));
        var kept = _receiver.Notes.Find(note.Id)!;
        Assert.Equal(2, kept.Received);
        Assert.Equal(1, _receiver.Notes.Count);
    }

    [Fact]
    public async Task Two_copies_at_the_same_moment_are_both_answered_2xx_and_kept_once()
    {
        var endpoint = await _simulator.RegisterReceiverAsync(_receiver.Url);
        await _simulator.SetFaultsAsync(endpoint.Id, concurrentDuplicateRate: 1);

        var (note, _) = await _simulator.CreateSoapNoteAsync();
        await _simulator.WhenIdleAsync();

        var deliveries = await _simulator.DeliveriesAsync();
        Assert.Single(deliveries, d => d.Fault == DeliveryFault.ConcurrentDuplicate);
        Assert.All(deliveries, d => Assert.Equal(200, d.Attempts.Single().StatusCode));
        Assert.Equal(2, _receiver.Notes.Find(note.Id)!.Received);
        Assert.Equal(1, _receiver.Notes.Count);
    }

    [Fact]
    public async Task A_creation_overtaken_by_its_update_does_not_undo_the_change()
    {
        var endpoint = await _simulator.RegisterReceiverAsync(_receiver.Url);
        await _simulator.SetFaultsAsync(endpoint.Id, reorderRate: 1);
        var (note, _) = await _simulator.CreateSoapNoteAsync(); // held back by the fault lab
        await _simulator.WhenIdleAsync();
        await _simulator.SetFaultsAsync(endpoint.Id, reorderRate: 0);
        var (updated, _) = await _simulator.UpdateSoapNoteAsync(note.Id); // goes at once

        await _simulator.AdvanceAsync(TimeSpan.FromMinutes(6)); // the creation arrives last

        var deliveries = await _simulator.DeliveriesAsync();
        Assert.Single(deliveries, d => d.Fault == DeliveryFault.Reordered && d.EventType == EventTypes.SoapNoteCreated);
        var kept = _receiver.Notes.Find(note.Id)!;
        Assert.Equal(updated.UpdatedAt, kept.UpdatedAt);
        Assert.Equal(EventTypes.SoapNoteUpdated, kept.LastEventType);
        Assert.Equal(2, kept.Received);
    }

    [Fact]
    public async Task A_receiver_that_fails_for_12_hours_gets_the_failure_email()
    {
        // a wrong path: the receiver answers 404 to every attempt
        await _simulator.RegisterReceiverAsync(_receiver.Url.Replace("/webhooks", "/wrong-path", StringComparison.Ordinal), "integrations@example.com");
        var (_, raised) = await _simulator.CreateSoapNoteAsync();

        await _simulator.AdvanceAsync(TimeSpan.FromHours(13));

        var delivery = await _simulator.DeliveryAsync(raised.Deliveries.Single().DeliveryId);
        Assert.Equal(DeliveryStatus.Failed, delivery.Status);
        Assert.All(delivery.Attempts, a => Assert.Equal(404, a.StatusCode));
        var emails = await _simulator.EmailsAsync();
        Assert.Contains(emails, e => e.Kind == EmailKind.EndpointFailing && e.To == "integrations@example.com");
        Assert.Equal(0, _receiver.Notes.Count);
    }

    [Fact]
    public async Task The_documentations_example_with_our_own_client_ref_is_kept_under_its_id()
    {
        var endpoint = await _simulator.RegisterReceiverAsync(_receiver.Url);
        var example = SoapNoteObject.ReferenceExample with { ClientExternalRef = "our-client-7" }; // the fixture reference_example, changed

        var delivery = await _simulator.SendTestAsync(endpoint.Id, EventTypes.SoapNoteCreated, example);

        Assert.Equal(200, delivery.Attempts.Single().StatusCode);
        var kept = _receiver.Notes.Find(10)!; // the example's own id: never saved in the simulator
        Assert.Contains("\"our-client-7\"", kept.Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_an_outage_recover_sends_the_failed_events_again()
    {
        var since = _simulator.Now;
        var endpoint = await _simulator.RegisterReceiverAsync(_receiver.Url.Replace("/webhooks", "/down", StringComparison.Ordinal)); // 404: "down"
        var (note, raised) = await _simulator.CreateSoapNoteAsync();
        await _simulator.AdvanceAsync(TimeSpan.FromHours(12.5));
        Assert.Equal(DeliveryStatus.Failed, (await _simulator.DeliveryAsync(raised.Deliveries.Single().DeliveryId)).Status);
        await _simulator.Service<WebhookEndpointService>().UpdateAsync(endpoint.Id, _receiver.Url, null, null, null); // back up

        var recovered = await _simulator.RecoverAsync(endpoint.Id, since);

        Assert.Equal(DeliveryStatus.Succeeded, Assert.Single(recovered).Status);
        Assert.Equal(note.UpdatedAt, _receiver.Notes.Find(note.Id)!.UpdatedAt);
    }

    public async Task DisposeAsync()
    {
        await _simulator.DisposeAsync();
        await _receiver.DisposeAsync();
    }
}
