using System.Text.Json;
using Simulator.Core.Domain;
using Simulator.Core.SoapNotes;
using Simulator.Core.Webhooks;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Core.Dispatching;

public sealed class TestSendTests
{
    [Theory]
    [InlineData(EventTypes.SoapNoteCreated)]
    [InlineData(EventTypes.SoapNoteUpdated)]
    public async Task A_test_of_any_type_reaches_an_endpoint_whatever_its_status_and_subscriptions(string eventType)
    {
        await using var receiver = await TestReceiver.StartAsync();
        await using var app = Simulation.Premium();
        var inactive = await app.EndpointAsync(receiver.Url("/inactive"), active: false, events: [EventTypes.SoapNoteCreated]);
        var disabled = await app.EndpointAsync(receiver.Url("/disabled"), events: [EventTypes.SoapNoteCreated]);
        await app.ChangeEndpointAsync(disabled.Id, e =>
        {
            e.StartFailing(app.Clock.GetUtcNow(), TimeSpan.Zero);
            e.DisableIfUnaddressed(app.Clock.GetUtcNow());
        });
        var endpoints = app.Service<WebhookEndpointService>();

        var first = await endpoints.SendTestAsync(inactive.Id, eventType);
        var second = await endpoints.SendTestAsync(disabled.Id, eventType);

        foreach (var test in new[] { first, second })
        {
            Assert.True(test.IsTest);
            Assert.Equal((DeliveryStatus.Succeeded, 1, eventType), (test.Status, test.AttemptCount, test.EventType));
            Assert.True(Assert.Single(test.Attempts).Succeeded);
            Assert.True(test.Event!.IsTest);
        }
        Assert.Equal(["/disabled", "/inactive"], receiver.Requests.Select(r => r.Path).Order());
        Assert.All(receiver.Requests, r => Assert.Equal(eventType, JsonDocument.Parse(r.Body).RootElement.GetProperty("type").GetString()));
        Assert.Equal(first.Event!.Payload, receiver.Requests.Single(r => r.Path == "/inactive").Body);
        Assert.Empty(await app.Service<WebhookActivity>().EventsAsync(new EventFilter(IsTest: false)));
        Assert.All(await app.Service<WebhookActivity>().EventsAsync(), e => Assert.True(e.Event.IsTest));
        Assert.Equal(EndpointStatus.Disabled, (await app.EndpointAsync(disabled.Id)).Status);
    }

    [Fact]
    public async Task A_test_sends_the_last_created_or_the_last_updated_note()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await using var app = Simulation.Premium(("SeedSoapNotes", "0"));
        var endpoint = await app.EndpointAsync(receiver.Url(), active: false);
        var notes = app.Service<SoapNoteService>();
        var endpoints = app.Service<WebhookEndpointService>();

        var (older, _) = await notes.CreateAsync(new SoapNoteInput(), "Olivia Owner");
        await app.AdvanceAsync(TimeSpan.FromMinutes(1));
        var (newer, _) = await notes.CreateAsync(new SoapNoteInput(), "Pat Practitioner");
        await app.AdvanceAsync(TimeSpan.FromMinutes(1));
        await notes.UpdateAsync(older.Id, new SoapNoteInput { Recommendations = "Rest, then ice" });

        var created = await endpoints.SendTestAsync(endpoint.Id, EventTypes.SoapNoteCreated);
        var updated = await endpoints.SendTestAsync(endpoint.Id, EventTypes.SoapNoteUpdated);

        Assert.Equal(newer.Id, ObjectId(created));
        Assert.Equal(older.Id, ObjectId(updated));
        var body = JsonDocument.Parse(updated.Event!.Payload).RootElement.GetProperty("data").GetProperty("object");
        Assert.Equal("Rest, then ice", body.GetProperty("recommendations").GetString());
    }

    [Fact]
    public async Task A_test_sends_a_note_updated_within_the_second_it_was_created()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await using var app = Simulation.Premium(("SeedSoapNotes", "0"));
        var endpoint = await app.EndpointAsync(receiver.Url(), active: false);
        var notes = app.Service<SoapNoteService>();
        var (note, _) = await notes.CreateAsync(new SoapNoteInput(), "Olivia Owner");
        await notes.UpdateAsync(note.Id, new SoapNoteInput { Name = "Follow-up" });

        var updated = await app.Service<WebhookEndpointService>().SendTestAsync(endpoint.Id, EventTypes.SoapNoteUpdated);

        Assert.Equal(note.Id, ObjectId(updated));
    }

    [Fact]
    public async Task A_test_is_refused_only_while_the_account_has_no_soap_note_at_all()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await using var app = Simulation.Premium(("SeedSoapNotes", "0"));
        var endpoint = await app.EndpointAsync(receiver.Url(), active: false);
        var endpoints = app.Service<WebhookEndpointService>();

        await Assert.ThrowsAsync<NoSoapNoteYetException>(() => endpoints.SendTestAsync(endpoint.Id, EventTypes.SoapNoteCreated));
        await Assert.ThrowsAsync<NoSoapNoteYetException>(() => endpoints.SendTestAsync(endpoint.Id, EventTypes.SoapNoteUpdated));
        Assert.Equal(0, receiver.Count);

        await app.Service<SoapNoteService>().CreateAsync(new SoapNoteInput(), "Olivia Owner");
        Assert.Equal(DeliveryStatus.Succeeded, (await endpoints.SendTestAsync(endpoint.Id, EventTypes.SoapNoteCreated)).Status);
        Assert.Equal(DeliveryStatus.Succeeded, (await endpoints.SendTestAsync(endpoint.Id, EventTypes.SoapNoteUpdated)).Status);
        Assert.Equal(2, receiver.Count);
    }

    [Fact]
    public async Task An_updated_test_with_no_note_updated_yet_sends_the_last_saved_note_as_updated()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await using var app = Simulation.Premium(("SeedSoapNotes", "0"));
        var endpoint = await app.EndpointAsync(receiver.Url(), active: false);
        var notes = app.Service<SoapNoteService>();
        await notes.CreateAsync(new SoapNoteInput { Recommendations = "Older note" }, "Olivia Owner");
        await app.AdvanceAsync(TimeSpan.FromMinutes(1));
        var (newest, _) = await notes.CreateAsync(new SoapNoteInput { Recommendations = "Newest note" }, "Pat Practitioner");
        await app.AdvanceAsync(TimeSpan.FromMinutes(1));

        var test = await app.Service<WebhookEndpointService>().SendTestAsync(endpoint.Id, EventTypes.SoapNoteUpdated);

        Assert.Equal((true, EventTypes.SoapNoteUpdated), (test.IsTest, test.EventType));
        Assert.Equal(newest.Id, ObjectId(test));
        var received = JsonDocument.Parse(Assert.Single(receiver.Requests).Body).RootElement;
        Assert.Equal(EventTypes.SoapNoteUpdated, received.GetProperty("type").GetString());
        Assert.Equal("Newest note", received.GetProperty("data").GetProperty("object").GetProperty("recommendations").GetString());
    }

    [Fact]
    public async Task A_test_of_an_unknown_type_is_refused()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await using var app = Simulation.Premium();
        var endpoint = await app.EndpointAsync(receiver.Url(), active: false);

        var refused = await Assert.ThrowsAsync<DomainValidationException>(() => app.Service<WebhookEndpointService>().SendTestAsync(endpoint.Id, "soap_note.deleted"));

        Assert.Equal(["event_type"], refused.Errors.Keys);
        Assert.Equal(0, receiver.Count);
    }

    [Fact]
    public async Task A_failed_test_is_one_attempt_with_no_retries_and_no_failing_episode()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.RespondWith(500, "nope");
        await using var app = Simulation.Premium();
        var endpoint = await app.EndpointAsync(receiver.Url());

        var test = await app.Service<WebhookEndpointService>().SendTestAsync(endpoint.Id, EventTypes.SoapNoteCreated);
        await app.AdvanceAsync(TimeSpan.FromHours(13));

        Assert.Equal((DeliveryStatus.Failed, 1), (test.Status, test.AttemptCount));
        Assert.Equal(("HTTP 500", "nope"), (test.Attempts[0].Error!, test.Attempts[0].ResponseBody));
        Assert.Equal(1, receiver.Count);
        var after = await app.EndpointAsync(endpoint.Id);
        Assert.Equal((EndpointStatus.Active, false), (after.Status, after.IsFailing));
        Assert.Empty(await app.EmailsAsync());
    }

    private static int ObjectId(Delivery test)
    {
        Assert.Equal(DeliveryStatus.Succeeded, test.Status);
        return JsonDocument.Parse(test.Event!.Payload).RootElement.GetProperty("data").GetProperty("object").GetProperty("id").GetInt32();
    }
}
