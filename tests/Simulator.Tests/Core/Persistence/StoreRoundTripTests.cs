using Microsoft.EntityFrameworkCore;
using Simulator.Core;
using Simulator.Core.Domain;
using Simulator.Core.Payloads;
using Simulator.Core.Seeding;
using Simulator.Tests.Core.Domain;

namespace Simulator.Tests.Core.Persistence;

public sealed class StoreRoundTripTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 26, 14, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(StorageProvider.InMemory)]
    [InlineData(StorageProvider.Sqlite)]
    public async Task A_soap_note_with_its_prescriptions_comes_back_as_it_was_saved(StorageProvider provider)
    {
        using var store = await TestStore.CreateAsync(provider);
        SoapNote saved;
        await using (var db = store.NewContext())
        {
            await AccountSeeder.SeedAsync(db, new SimulatorOptions { SeedSoapNotes = 0 }, Now);
            var client = await db.Clients.OrderBy(c => c.Id).FirstAsync();
            var exercises = await db.Exercises.OrderBy(e => e.Id).Take(2).ToListAsync();
            var products = await db.Products.OrderBy(p => p.Id).Take(2).ToListAsync();
            var seenAt = new DateTimeOffset(2026, 3, 26, 16, 15, 30, 250, TimeSpan.FromHours(2));
            saved = new SoapNote(
                new SoapNoteDraft(
                    client,
                    "Standard Treatment",
                    "",
                    seenAt,
                    SoapNoteState.Final,
                    [
                        new PrescribedExercise(exercises[0], new ExerciseDosage("20 seconds", "No bouncing", 1, "20 seconds", 1, 1, 3)),
                        new PrescribedExercise(exercises[1], new ExerciseDosage("", "", 5, "20 seconds", 3, 2, 7)),
                    ],
                    products),
                "Olivia Owner",
                Now.AddMilliseconds(750));
            db.SoapNotes.Add(saved);
            await db.SaveChangesAsync();
        }

        await using var read = store.NewContext();
        var loaded = await read.SoapNotes.AsNoTracking()
            .Include(n => n.ExercisePrescriptions).Include(n => n.ProductPrescriptions)
            .SingleAsync(n => n.Id == saved.Id);

        Assert.Equal(new DateTimeOffset(2026, 3, 26, 14, 15, 30, TimeSpan.Zero), loaded.SeenAt);
        Assert.Equal(Now, loaded.CreatedAt);
        Assert.Equal(Now, loaded.UpdatedAt);
        Assert.Equal(TimeSpan.Zero, loaded.SeenAt.Offset);
        Assert.Equal(
            (saved.ClientId, saved.ClientExternalRef, saved.Name, saved.Recommendations, saved.State, saved.CreatedBy),
            (loaded.ClientId, loaded.ClientExternalRef, loaded.Name, loaded.Recommendations, loaded.State, loaded.CreatedBy));
        Assert.Equal(
            saved.ExercisePrescriptions.Select(p => (p.Id, p.ExerciseId, p.ExerciseExternalRef, p.Name, p.Tools, p.Dosage)),
            loaded.ExercisePrescriptions.OrderBy(p => p.Id).Select(p => (p.Id, p.ExerciseId, p.ExerciseExternalRef, p.Name, p.Tools, p.Dosage)));
        Assert.Equal(
            saved.ProductPrescriptions.Select(p => (p.Id, p.ProductId, p.ProductExternalRef, p.Name)),
            loaded.ProductPrescriptions.OrderBy(p => p.Id).Select(p => (p.Id, p.ProductId, p.ProductExternalRef, p.Name)));
        Assert.Equal(WebhookPayload.Write(EventTypes.SoapNoteCreated, saved, Now), WebhookPayload.Write(EventTypes.SoapNoteCreated, loaded, Now));
    }

    [Theory]
    [InlineData(StorageProvider.InMemory)]
    [InlineData(StorageProvider.Sqlite)]
    public async Task An_endpoint_comes_back_with_its_subscriptions_status_and_failing_episode(StorageProvider provider)
    {
        using var store = await TestStore.CreateAsync(provider);
        var endpoint = WebhookEndpoint.Create("https://example.com/hooks", "CRM sync", "dev@example.com", [EventTypes.SoapNoteUpdated, EventTypes.SoapNoteCreated], Now);
        endpoint.Activate(new Account("Practice", Plan.Premium, Now), Now.AddMinutes(1));
        endpoint.StartFailing(Now.AddHours(12), TimeSpan.FromHours(1));
        await using (var db = store.NewContext())
        {
            db.WebhookEndpoints.Add(endpoint);
            await db.SaveChangesAsync();
        }

        await using var read = store.NewContext();
        var loaded = await read.WebhookEndpoints.AsNoTracking().SingleAsync(e => e.Id == endpoint.Id);

        Assert.Equal(
            ("https://example.com/hooks", "CRM sync", "dev@example.com", EndpointStatus.Active),
            (loaded.Url, loaded.Description, loaded.ContactEmail, loaded.Status));
        Assert.Equal([EventTypes.SoapNoteCreated, EventTypes.SoapNoteUpdated], loaded.EnabledEvents);
        Assert.Equal((Now, Now.AddHours(12), Now.AddHours(12)), (loaded.CreatedAt, loaded.UpdatedAt, loaded.FailingSince!.Value));
        Assert.Equal(Now.AddHours(13), loaded.DisableAt);
        Assert.True(loaded.Receives(EventTypes.SoapNoteUpdated));
    }

    [Theory]
    [InlineData(StorageProvider.InMemory)]
    [InlineData(StorageProvider.Sqlite)]
    public async Task A_delivery_comes_back_with_its_event_and_attempts_and_takes_more_attempts_later(StorageProvider provider)
    {
        using var store = await TestStore.CreateAsync(provider);
        long deliveryId;
        await using (var db = store.NewContext())
        {
            var endpoint = WebhookEndpoint.Create("https://example.com/hooks", null, "dev@example.com", [EventTypes.SoapNoteCreated], Now);
            db.WebhookEndpoints.Add(endpoint);
            await db.SaveChangesAsync();
            var webhookEvent = new WebhookEvent(EventTypes.SoapNoteCreated, 42, Now, """{"type":"soap_note.created"}""", isTest: false);
            var delivery = new Delivery(webhookEvent, endpoint, Now);
            delivery.RecordAttempt(Now, new AttemptOutcome(500, "HTTP 500", "boom", 15));
            delivery.ScheduleNextAttempt(Now.AddSeconds(5));
            db.Deliveries.Add(delivery);
            await db.SaveChangesAsync();
            deliveryId = delivery.Id;
        }

        // the dispatcher's way: load the delivery without its history and append
        await using (var db = store.NewContext())
        {
            var delivery = await db.Deliveries.Include(d => d.Event).SingleAsync(d => d.Id == deliveryId);
            Assert.Equal(Now.AddSeconds(5), delivery.NextAttemptAt);
            delivery.RecordAttempt(Now.AddSeconds(5), new AttemptOutcome(null, "connection refused", "", 2));
            delivery.ScheduleNextAttempt(Now.AddSeconds(25));
            await db.SaveChangesAsync();
        }
        await using (var db = store.NewContext())
        {
            var delivery = await db.Deliveries.SingleAsync(d => d.Id == deliveryId);
            delivery.RecordAttempt(Now.AddSeconds(25), new AttemptOutcome(204, null, "", 4));
            await db.SaveChangesAsync();
        }

        await using var read = store.NewContext();
        var loaded = await read.Deliveries.AsNoTracking().Include(d => d.Event).Include(d => d.Attempts).SingleAsync(d => d.Id == deliveryId);
        Assert.Equal((DeliveryStatus.Succeeded, 3, Now, Now.AddSeconds(25)), (loaded.Status, loaded.AttemptCount, loaded.FirstAttemptAt!.Value, loaded.CompletedAt!.Value));
        Assert.Null(loaded.NextAttemptAt);
        Assert.Equal("""{"type":"soap_note.created"}""", loaded.Event!.Payload);
        Assert.Equal((42, false), (loaded.Event.ObjectId, loaded.Event.IsTest));
        Assert.Equal(
            [
                (1, Now, (int?)500, (string?)"HTTP 500", "boom", 15L, false),
                (2, Now.AddSeconds(5), null, "connection refused", "", 2L, false),
                (3, Now.AddSeconds(25), 204, null, "", 4L, true),
            ],
            loaded.Attempts.OrderBy(a => a.Number).Select(a => (a.Number, a.StartedAt, a.StatusCode, a.Error, a.ResponseBody, a.DurationMs, a.Succeeded)));
    }

    [Theory]
    [InlineData(StorageProvider.InMemory)]
    [InlineData(StorageProvider.Sqlite)]
    public async Task The_store_declares_an_attempt_number_unique_per_delivery(StorageProvider provider)
    {
        using var store = await TestStore.CreateAsync(provider);
        await using var db = store.NewContext();

        var index = Assert.Single(db.Model.FindEntityType(typeof(DeliveryAttempt))!.GetIndexes(), i => i.IsUnique);

        Assert.Equal([nameof(DeliveryAttempt.DeliveryId), nameof(DeliveryAttempt.Number)], index.Properties.Select(p => p.Name));
    }

    [Fact]
    public async Task Sqlite_refuses_a_second_attempt_with_the_same_number()
    {
        using var store = await TestStore.CreateAsync(StorageProvider.Sqlite);
        long deliveryId;
        await using (var db = store.NewContext())
        {
            var endpoint = WebhookEndpoint.Create("https://example.com/hooks", null, "dev@example.com", [EventTypes.SoapNoteCreated], Now);
            db.WebhookEndpoints.Add(endpoint);
            await db.SaveChangesAsync();
            var delivery = new Delivery(new WebhookEvent(EventTypes.SoapNoteCreated, 1, Now, "{}", isTest: false), endpoint, Now);
            delivery.RecordAttempt(Now, new AttemptOutcome(500, "HTTP 500", "", 1));
            db.Deliveries.Add(delivery);
            await db.SaveChangesAsync();
            deliveryId = delivery.Id;
        }

        // two writers that both read the delivery at attempt 1 and both record attempt 2
        await using var first = store.NewContext();
        await using var second = store.NewContext();
        var a = await first.Deliveries.SingleAsync(d => d.Id == deliveryId);
        var b = await second.Deliveries.SingleAsync(d => d.Id == deliveryId);
        a.RecordAttempt(Now.AddSeconds(5), new AttemptOutcome(500, "HTTP 500", "", 1));
        b.RecordAttempt(Now.AddSeconds(5), new AttemptOutcome(500, "HTTP 500", "", 1));
        await first.SaveChangesAsync();

        // refused by the delivery's version (a concurrency exception) before the unique attempt number is reached
        await Assert.ThrowsAnyAsync<DbUpdateException>(() => second.SaveChangesAsync());
        await using var read = store.NewContext();
        Assert.Equal([1, 2], await read.DeliveryAttempts.Where(x => x.DeliveryId == deliveryId).OrderBy(x => x.Number).Select(x => x.Number).ToListAsync());
    }
}
