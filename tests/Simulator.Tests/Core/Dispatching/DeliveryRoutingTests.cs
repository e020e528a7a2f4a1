using System.Diagnostics;
using System.Text.Json;
using Simulator.Core.Domain;
using Simulator.Core.SoapNotes;
using Simulator.Core.Webhooks;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Core.Dispatching;

public sealed class DeliveryRoutingTests
{
    [Fact]
    public async Task Only_active_endpoints_subscribed_to_the_type_receive_an_event()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await using var app = Simulation.Premium();
        var both = await app.EndpointAsync(receiver.Url("/active-both"));
        var createdOnly = await app.EndpointAsync(receiver.Url("/active-created"), events: [EventTypes.SoapNoteCreated]);
        var updatedOnly = await app.EndpointAsync(receiver.Url("/active-updated"), events: [EventTypes.SoapNoteUpdated]);
        await app.EndpointAsync(receiver.Url("/inactive"), active: false);
        var deactivated = await app.EndpointAsync(receiver.Url("/deactivated"));
        await app.Service<WebhookEndpointService>().DeactivateAsync(deactivated.Id);
        var disabled = await app.EndpointAsync(receiver.Url("/disabled"));
        await app.ChangeEndpointAsync(disabled.Id, e =>
        {
            e.StartFailing(app.Clock.GetUtcNow(), TimeSpan.Zero);
            e.DisableIfUnaddressed(app.Clock.GetUtcNow());
        });

        var created = await app.CreateNoteAsync();
        await app.WhenIdleAsync();
        Assert.Equal([both.Id, createdOnly.Id], created.Deliveries.Select(d => d.EndpointId).Order());
        Assert.Equal(["/active-both", "/active-created"], receiver.Requests.Select(r => r.Path).Order());

        var (note, _) = await app.Service<SoapNoteService>().CreateAsync(new SoapNoteInput(), "Olivia Owner");
        await app.WhenIdleAsync();
        var (_, updated) = await app.Service<SoapNoteService>().UpdateAsync(note.Id, new SoapNoteInput());
        await app.WhenIdleAsync();

        Assert.Equal([both.Id, updatedOnly.Id], updated.Deliveries.Select(d => d.EndpointId).Order());
        Assert.Equal(6, receiver.Count);
        Assert.DoesNotContain(receiver.Requests, r => r.Path is "/inactive" or "/deactivated" or "/disabled");
        Assert.Equal(
            ["/active-both", "/active-updated"],
            receiver.Requests.Where(r => r.Body.Contains(EventTypes.SoapNoteUpdated, StringComparison.Ordinal)).Select(r => r.Path).Order());
    }

    [Fact]
    public async Task An_event_without_a_subscribed_active_endpoint_is_recorded_with_no_delivery()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await using var app = Simulation.Premium();
        await app.EndpointAsync(receiver.Url(), active: false);

        var raised = await app.CreateNoteAsync();
        await app.WhenIdleAsync();

        Assert.Empty(raised.Deliveries);
        Assert.Equal(0, receiver.Count);
        Assert.NotNull(await app.Service<WebhookActivity>().EventAsync(raised.EventId));
    }

    [Fact]
    public async Task The_body_on_the_wire_is_the_stored_payload_with_only_the_contract_headers()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await using var app = Simulation.Premium();
        var endpoint = await app.EndpointAsync(receiver.Url("/hooks?source=simulator"));

        // callers often run inside a trace (an API request, a UI circuit): it must not leak into the request
        RaisedEvent raised;
        using (var trace = new Activity("caller").SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            trace.AddBaggage("tenant", "practice");
            raised = await app.CreateNoteAsync();
            await app.Service<WebhookEndpointService>().SendTestAsync(endpoint.Id, EventTypes.SoapNoteCreated);
        }
        await app.WhenIdleAsync();

        Assert.Equal(2, receiver.Count);
        var stored = await app.Service<WebhookActivity>().EventAsync(raised.EventId);
        Assert.Contains(receiver.Requests, r => r.Body == stored!.Event.Payload);
        foreach (var request in receiver.Requests)
        {
            Assert.Equal("POST", request.Method);
            Assert.Equal("/hooks?source=simulator", request.Path);
            Assert.Equal("application/json", request.Headers["Content-Type"]);
            Assert.Equal("InstinctiveNotes-Webhooks/1.0", request.Headers["User-Agent"]);
            Assert.Equal(["Content-Length", "Content-Type", "Host", "User-Agent"], request.Headers.Keys.Order(StringComparer.OrdinalIgnoreCase));
            using var body = JsonDocument.Parse(request.Body);
            Assert.Equal(EventTypes.SoapNoteCreated, body.RootElement.GetProperty("type").GetString());
        }
    }
}
