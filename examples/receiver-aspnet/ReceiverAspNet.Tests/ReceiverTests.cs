using Simulator.Core.Domain;
using Simulator.Core.ReceiverChecks;
using Simulator.Testing;

namespace ReceiverAspNet.Tests;

/// <summary>The receiver against the simulator running inside the test (Simulator.Testing): no Docker, no web server of the simulator's.</summary>
public sealed class ReceiverTests : IAsyncLifetime
{
    private readonly RunningReceiver _receiver = new();
    private SimulatorHost _simulator = null!;

    public async Task InitializeAsync() => _simulator = await SimulatorHost.StartAsync();

    [Fact]
    public async Task The_receiver_passes_the_receiver_check()
    {
        var report = await _simulator.CheckReceiverAsync(_receiver.Url);

        Assert.True(report.Status == ReceiverCheckStatus.Passed, string.Join("; ", report.Cases.Where(c => c.Failed).Select(c => $"{c.Name}: {c.Detail}")));
    }

    [Fact]
    public async Task A_duplicate_is_answered_2xx_and_kept_once()
    {
        await _simulator.RegisterReceiverAsync(_receiver.Url);
        var (note, raised) = await _simulator.CreateSoapNoteAsync();

        var again = await _simulator.SendAgainAsync(raised.Deliveries.Single().DeliveryId);

        Assert.Equal(DeliveryStatus.Succeeded, again.Status);
        Assert.Equal(2, again.Attempts.Count);
        Assert.All(again.Attempts, a => Assert.Equal(200, a.StatusCode));
        var kept = _receiver.Notes.Find(note.Id)!;
        Assert.Equal(2, kept.Received);
        Assert.Equal(1, _receiver.Notes.Count);
    }

    [Fact]
    public async Task An_old_event_arriving_after_a_newer_one_does_not_undo_the_change()
    {
        await _simulator.RegisterReceiverAsync(_receiver.Url);
        var (note, created) = await _simulator.CreateSoapNoteAsync();
        await _simulator.AdvanceAsync(TimeSpan.FromMinutes(5));
        var (updated, _) = await _simulator.UpdateSoapNoteAsync(note.Id);

        // the creation arrives again, after the update: as a retry of a lost answer would
        await _simulator.SendAgainAsync(created.Deliveries.Single().DeliveryId);

        var kept = _receiver.Notes.Find(note.Id)!;
        Assert.Equal(updated.UpdatedAt, kept.UpdatedAt);
        Assert.Equal(EventTypes.SoapNoteUpdated, kept.LastEventType);
        Assert.Equal(3, kept.Received);
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

    public async Task DisposeAsync()
    {
        await _simulator.DisposeAsync();
        await _receiver.DisposeAsync();
    }
}
