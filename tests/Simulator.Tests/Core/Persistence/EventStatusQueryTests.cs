using Microsoft.EntityFrameworkCore;
using Simulator.Core;
using Simulator.Core.Domain;
using Simulator.Core.Webhooks;
using Simulator.Tests.Core.Domain;

namespace Simulator.Tests.Core.Persistence;

/// <summary>The event status is computed by the store query itself, on both providers.</summary>
public sealed class EventStatusQueryTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 26, 14, 0, 0, TimeSpan.Zero);

    private static readonly AttemptOutcome Ok = new(200, null, "ok", 5);

    private static readonly AttemptOutcome ServerError = new(500, "HTTP 500", "boom", 5);

    [Theory]
    [InlineData(StorageProvider.InMemory)]
    [InlineData(StorageProvider.Sqlite)]
    public async Task Each_event_gets_its_status_from_its_deliveries_and_filters_apply(StorageProvider provider)
    {
        using var store = await TestStore.CreateAsync(provider);
        Dictionary<string, long> ids;
        await using (var db = store.NewContext())
        {
            var first = WebhookEndpoint.Create("https://example.com/a", "", "dev@example.com", EventTypes.All, Now);
            var second = WebhookEndpoint.Create("https://example.com/b", "", "dev@example.com", EventTypes.All, Now);
            db.WebhookEndpoints.AddRange(first, second);
            await db.SaveChangesAsync();

            ids = new Dictionary<string, long>
            {
                ["nowhere"] = await EventAsync(false),
                ["succeeded"] = await EventAsync(false, d => d.RecordAttempt(Now, Ok)),
                ["one retrying, one succeeded"] = await EventAsync(false, d => d.RecordAttempt(Now, ServerError), d => d.RecordAttempt(Now, Ok)),
                ["one failed, one succeeded"] = await EventAsync(false, d => d.MarkFailed(Now), d => d.RecordAttempt(Now, Ok)),
                ["one cancelled, one pending"] = await EventAsync(false, d => d.Cancel(Now), _ => { }),
                ["cancelled"] = await EventAsync(false, d => d.Cancel(Now)),
                ["test succeeded"] = await EventAsync(true, d => d.RecordAttempt(Now, Ok)),
                ["test failed"] = await EventAsync(true, d => d.MarkFailed(Now)),
                ["test in flight"] = await EventAsync(true, _ => { }),
            };

            // an event with one delivery per change given, to the first endpoint, then the second
            async Task<long> EventAsync(bool isTest, params Action<Delivery>[] changes)
            {
                var webhookEvent = new WebhookEvent(EventTypes.SoapNoteCreated, 1, Now, "{}", isTest);
                db.WebhookEvents.Add(webhookEvent);
                await db.SaveChangesAsync();
                foreach (var (change, endpoint) in changes.Zip(new[] { first, second }))
                {
                    var delivery = new Delivery(webhookEvent, endpoint, Now);
                    change(delivery);
                    db.Deliveries.Add(delivery);
                }
                await db.SaveChangesAsync();
                return webhookEvent.Id;
            }
        }

        await using var read = store.NewContext();
        var all = await EventSummary.Query(read.WebhookEvents.AsNoTracking(), read.Deliveries)
            .OrderBy(s => s.Event.Id).ToDictionaryAsync(s => s.Event.Id, s => s.Status);

        Assert.Equal(EventStatus.Delivered, all[ids["nowhere"]]);
        Assert.Equal(EventStatus.Delivered, all[ids["succeeded"]]);
        Assert.Equal(EventStatus.Pending, all[ids["one retrying, one succeeded"]]);
        Assert.Equal(EventStatus.Failed, all[ids["one failed, one succeeded"]]);
        Assert.Equal(EventStatus.Pending, all[ids["one cancelled, one pending"]]);
        Assert.Equal(EventStatus.Failed, all[ids["cancelled"]]);
        Assert.Equal(EventStatus.Delivered, all[ids["test succeeded"]]);
        Assert.Equal(EventStatus.Failed, all[ids["test failed"]]);
        Assert.Equal(EventStatus.Pending, all[ids["test in flight"]]);

        var failedLive = await EventSummary.Query(read.WebhookEvents.AsNoTracking().Where(e => !e.IsTest), read.Deliveries)
            .Where(s => s.Status == EventStatus.Failed).OrderByDescending(s => s.Event.Id).Select(s => s.Event.Id).ToListAsync();
        Assert.Equal([ids["cancelled"], ids["one failed, one succeeded"]], failedLive);
    }
}
