using Bunit;
using Simulator.Core.Accounts;
using Simulator.Core.Clock;
using Simulator.Core.Domain;
using Simulator.Core.SoapNotes;
using Simulator.Core.Webhooks;
using Simulator.Tests.TestSupport;
using Simulator.Web.Components.Pages.SoapNotes;
using Simulator.Web.Components.Shared;

namespace Simulator.Tests.Web.Components;

/// <summary>The panel a save shows: where its event went, counted by endpoint, with the fault lab's copies marked, as it happens.</summary>
public sealed class RaisedEventReportTests : ComponentTestContext
{
    [Fact]
    public async Task The_panel_counts_endpoints_not_deliveries_and_marks_the_fault_labs_copies()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await Service<AccountService>().ChangePlanAsync(Plan.Premium);
        var endpoints = Service<WebhookEndpointService>();
        var copied = await AddEndpointAsync(receiver.Url("/copied"));
        var plain = await AddEndpointAsync(receiver.Url("/plain"));
        await endpoints.SetFaultsAsync(copied.Id, duplicateRate: null, concurrentDuplicateRate: 1, reorderRate: null, seed: null);
        await endpoints.ActivateAsync(copied.Id);
        await endpoints.ActivateAsync(plain.Id);
        Service<SimulationClock>().SetSpeed(0);

        var (note, raised) = await Service<SoapNoteService>().CreateAsync(new SoapNoteInput(), "Olivia Owner");
        await Service<SimulationControl>().AdvanceAsync(TimeSpan.Zero);
        await Service<SimulationControl>().WhenIdleAsync();

        var deliveries = await Service<WebhookActivity>().DeliveriesAsync(new DeliveryFilter(EventId: raised.EventId));
        Assert.Equal(3, deliveries.Count); // two endpoints, one of them with a concurrent copy
        var report = Render<RaisedEventReport>(p => p.Add(r => r.EventId, raised.EventId).Add(r => r.NoteId, note.Id));

        report.WaitForAssertion(() => Assert.Contains("Sent to 2 endpoints", report.Find("[data-raised-event]").TextContent, StringComparison.Ordinal));
        var rows = report.FindAll("[data-raised-delivery]");
        Assert.Equal(3, rows.Count);
        var copy = deliveries.Single(d => d.Fault == DeliveryFault.ConcurrentDuplicate);
        var copyRow = rows.Single(r => r.GetAttribute("data-raised-delivery") == copy.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("concurrent_duplicate", copyRow.QuerySelector("[data-fault]")?.GetAttribute("data-fault"));
        Assert.Contains($"of #{copy.DuplicateOfId}", copyRow.TextContent, StringComparison.Ordinal);
        Assert.Single(report.FindAll("[data-fault]"));
    }

    [Fact]
    public async Task The_panel_follows_a_held_back_delivery_to_its_success_without_a_reload()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await Service<AccountService>().ChangePlanAsync(Plan.Premium);
        var endpoint = await AddEndpointAsync(receiver.Url());
        await Service<WebhookEndpointService>().SetFaultsAsync(endpoint.Id, duplicateRate: null, concurrentDuplicateRate: null, reorderRate: 1, seed: null);
        await Service<WebhookEndpointService>().ActivateAsync(endpoint.Id);
        Service<SimulationClock>().SetSpeed(0);

        var (note, raised) = await Service<SoapNoteService>().CreateAsync(new SoapNoteInput(), "Olivia Owner");
        var report = Render<RaisedEventReport>(p => p.Add(r => r.EventId, raised.EventId).Add(r => r.NoteId, note.Id));
        report.WaitForAssertion(() => Assert.Equal("pending", Status(report)));

        // due now, so the fault lab holds it back at once, paused clock or not: perhaps while the panel's first load
        // reads, before it listens (the panel then refreshes once more; CI once saw it stay "pending" without the fault)
        await Service<SimulationControl>().AdvanceAsync(TimeSpan.Zero);
        await Service<SimulationControl>().WhenIdleAsync(); // committed: the refresh below reads it (a check runs on a render only)
        RefreshUntil(report, () => Assert.Equal("reordered", report.Find("[data-raised-delivery] [data-fault]").GetAttribute("data-fault")));
        Assert.Equal("pending", Status(report));
        Assert.Empty(receiver.Requests);

        await Service<SimulationControl>().AdvanceAsync(TimeSpan.FromMinutes(6)); // at most 5 simulated minutes
        await Service<SimulationControl>().WhenIdleAsync();
        Assert.Equal(DeliveryStatus.Succeeded, (await Service<WebhookActivity>().DeliveriesAsync(new DeliveryFilter(EventId: raised.EventId))).Single().Status);

        RefreshUntil(report, () => Assert.Equal("succeeded", Status(report)));
        Assert.Contains("Event delivered", report.Markup, StringComparison.Ordinal);
        Assert.Single(receiver.Requests);
    }

    // The refreshes are spaced in real time, which only the test moves: move it on until the panel shows the change.
    // (Moving it only inside a check, which runs on a render, stalled once in CI: the first refresh was still reading
    // when the time moved, so its pause began after it and no render came to move the time again.)
    private void RefreshUntil(IRenderedComponent<RaisedEventReport> report, Action assertion)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            RealTime.Advance(LiveRefresh.Interval);
            try
            {
                report.WaitForAssertion(assertion, TimeSpan.FromMilliseconds(200));
                return;
            }
            catch (Bunit.Extensions.WaitForHelpers.WaitForFailedException) when (!limit.IsCancellationRequested)
            {
            }
        }
    }

    private static string? Status(IRenderedComponent<RaisedEventReport> report) =>
        report.Find("[data-raised-delivery] [data-status]").GetAttribute("data-status");
}
