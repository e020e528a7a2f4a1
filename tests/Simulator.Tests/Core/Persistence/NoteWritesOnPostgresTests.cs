using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Simulator.Core.Domain;
using Simulator.Core.Payloads;
using Simulator.Core.Persistence;
using Simulator.Core.SoapNotes;
using Simulator.Core.Webhooks;
using Simulator.Tests.Scale;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Core.Persistence;

/// <summary>
/// The lean note save on PostgreSQL (a real server the test run starts): the same SQL writes the
/// same rows as EF Core, and a note fans out to the endpoints another instance on the same store
/// activated or deactivated just before it (no endpoints are kept between saves on a shared store).
/// </summary>
[Collection(ScaleCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class NoteWritesOnPostgresTests
{
    [Fact]
    public async Task A_note_written_without_tracking_on_PostgreSQL_has_EF_Cores_rows_and_fans_out_to_what_another_instance_just_changed()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("insim_note_writes");
        using var first = await PostgresCoreHost.StartAsync(connectionString);
        using var second = await PostgresCoreHost.StartAsync(connectionString);
        var factory = first.Services.GetRequiredService<IDbContextFactory<SimulatorDbContext>>();
        var notes = first.Services.GetRequiredService<SoapNoteService>();

        var (tracked, lean) = await NoteTwins.WriteAsync(factory, await notes.CatalogueAsync(), first.Services.GetRequiredService<TimeProvider>().GetUtcNow());
        foreach (var (entity, key) in new[] { (typeof(SoapNote), "Id"), (typeof(ExercisePrescription), "SoapNoteId"), (typeof(ProductPrescription), "SoapNoteId") })
        {
            var expected = await NoteTwins.RowsAsync(factory, entity, key, tracked.Id);
            Assert.NotEmpty(expected);
            Assert.Equal(NoteTwins.WithoutIds(expected), NoteTwins.WithoutIds(await NoteTwins.RowsAsync(factory, entity, key, lean.Id)));
        }

        // a note on the first instance after the second one activated an endpoint: delivered there
        var others = second.Services.GetRequiredService<WebhookEndpointService>();
        var endpoint = await others.CreateAsync("http://127.0.0.1:9/hook", "made on the second", "dev@example.com", [EventTypes.SoapNoteCreated]);
        Assert.Empty((await notes.CreateAsync(new SoapNoteInput(), "Olivia Owner")).Event.Deliveries);
        await others.ActivateAsync(endpoint.Id);
        var (note, raised) = await notes.CreateAsync(new SoapNoteInput { Name = "On PostgreSQL" }, "Olivia Owner");
        Assert.Equal([endpoint.Id], raised.Deliveries.Select(d => d.EndpointId));
        await using (var db = await factory.CreateDbContextAsync())
        {
            var stored = await db.SoapNotes.Include(n => n.ExercisePrescriptions).Include(n => n.ProductPrescriptions).AsNoTracking().SingleAsync(n => n.Id == note.Id);
            var webhookEvent = await db.WebhookEvents.AsNoTracking().SingleAsync(e => e.Id == raised.EventId);
            Assert.Equal(WebhookPayload.Write(EventTypes.SoapNoteCreated, stored, webhookEvent.CreatedAt), webhookEvent.Payload);
            var delivery = await db.Deliveries.AsNoTracking().SingleAsync(d => d.EventId == raised.EventId);
            Assert.Equal((raised.Deliveries[0].DeliveryId, endpoint.Id, DeliveryStatus.Pending), (delivery.Id, delivery.EndpointId, delivery.Status));
        }

        await others.DeactivateAsync(endpoint.Id);
        Assert.Empty((await notes.CreateAsync(new SoapNoteInput(), "Olivia Owner")).Event.Deliveries);
    }
}
