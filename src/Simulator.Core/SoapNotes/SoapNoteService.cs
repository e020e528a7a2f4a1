using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Simulator.Core.Domain;
using Simulator.Core.Persistence;
using Simulator.Core.Seeding;
using Simulator.Core.Webhooks;

namespace Simulator.Core.SoapNotes;

/// <summary>
/// Creates and changes SOAP notes. Each save raises its event in the same transaction as the
/// change (no note without its event, no event without its note), with one delivery per subscribed
/// active endpoint, due now: the commit puts them on the schedule. A new note, its event and its
/// deliveries are written without change tracking (<see cref="TransitionWrites"/>), and what a save
/// reads (the catalogue, the active endpoints) is read before the store's writer is taken, and kept
/// between saves until a commit changes it (<see cref="CatalogueKeeper"/>, <see cref="EndpointRoster"/>).
/// </summary>
public sealed class SoapNoteService(
    IDbContextFactory<SimulatorDbContext> dbFactory,
    TimeProvider time,
    IOptions<SimulatorOptions> options,
    EndpointRoster endpoints,
    CatalogueKeeper catalogues)
{
    private readonly SoapNoteFaker _faker = new(options.Value.Seed + 1);

    public async Task<List<SoapNote>> ListAsync(int limit = 100, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await WithPrescriptions(db).OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Take(Math.Clamp(limit, 1, WebhookActivity.MaxListLimit)).ToListAsync(cancellationToken);
    }

    public async Task<SoapNote?> FindAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await WithPrescriptions(db).FirstOrDefaultAsync(n => n.Id == id, cancellationToken);
    }

    public async Task<SoapNoteCatalogue> CatalogueAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return new SoapNoteCatalogue(
            await db.Clients.AsNoTracking().OrderBy(c => c.LastName).ThenBy(c => c.FirstName).ToListAsync(cancellationToken),
            await db.Exercises.AsNoTracking().OrderBy(e => e.Name).ToListAsync(cancellationToken),
            await db.Products.AsNoTracking().OrderBy(p => p.Name).ToListAsync(cancellationToken));
    }

    /// <summary>A realistic new note, not saved: the prefilled form.</summary>
    public async Task<SoapNoteInput> GenerateAsync(CancellationToken cancellationToken = default)
    {
        var catalogue = await CatalogueAsync(cancellationToken);
        var draft = _faker.Draft(catalogue.Clients, catalogue.Exercises, catalogue.Products, time.GetUtcNow());
        return new SoapNoteInput
        {
            ClientId = draft.Client.Id,
            Name = draft.Name,
            Recommendations = draft.Recommendations,
            SeenAt = draft.SeenAt,
            State = draft.State,
            ExercisePrescriptions = draft.Exercises.Select(e => new ExercisePrescriptionInput(
                e.Exercise.Id, e.Dosage.HoldFor, e.Dosage.Instructions, e.Dosage.Reps, e.Dosage.RestTime, e.Dosage.Sets, e.Dosage.TimesPerDay, e.Dosage.TimesPerWeek)).ToList(),
            ProductPrescriptions = draft.Products.Select(p => new ProductPrescriptionInput(p.Id)).ToList(),
        };
    }

    /// <summary>
    /// Creates a note; any field left out is generated (<paramref name="author"/> is <c>created_by</c>
    /// unless given). Raises <c>soap_note.created</c>.
    /// </summary>
    public async Task<(SoapNote Note, RaisedEvent Event)> CreateAsync(SoapNoteInput input, string author, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var catalogue = await catalogues.ReadAsync(db, cancellationToken);
        var now = time.GetUtcNow();
        var draft = Resolver(catalogue, now).Draft(input);
        var note = new SoapNote(draft, input.CreatedBy ?? author, now);
        var seen = await endpoints.PeekAsync(db, cancellationToken);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Transitions.WriteNoteAsync(db, note, cancellationToken);
        var raised = await RaiseAsync(db, EventTypes.SoapNoteCreated, note, now, seen, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (note, raised);
    }

    /// <summary>
    /// Changes the given fields; with none given, makes a realistic random change. Raises
    /// <c>soap_note.updated</c> (also when the values given equal the current ones: it was saved).
    /// </summary>
    public async Task<(SoapNote Note, RaisedEvent Event)> UpdateAsync(int id, SoapNoteInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var note = await WithPrescriptions(db, tracked: true).FirstOrDefaultAsync(n => n.Id == id, cancellationToken)
            ?? throw new KeyNotFoundException($"SOAP note {id} does not exist.");
        var catalogue = await catalogues.ReadAsync(db, cancellationToken);
        var now = time.GetUtcNow();
        SoapNoteRevision revision;
        if (input.IsEmpty)
        {
            revision = _faker.RandomChange(note, catalogue.Exercises, catalogue.Products);
        }
        else
        {
            revision = Resolver(catalogue, now).Revision(input, note);
        }
        if (!note.Revise(revision, now) && revision.UpdatedAt is null)
        {
            note.MarkSaved(now);
        }
        var seen = await endpoints.PeekAsync(db, cancellationToken);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var raised = await RaiseAsync(db, EventTypes.SoapNoteUpdated, note, now, seen, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (note, raised);
    }

    private static IQueryable<SoapNote> WithPrescriptions(SimulatorDbContext db, bool tracked = false)
    {
        var query = db.SoapNotes.Include(n => n.ExercisePrescriptions).Include(n => n.ProductPrescriptions).AsSplitQuery();
        return tracked ? query : query.AsNoTracking();
    }

    private SoapNoteInputResolver Resolver(SoapNoteCatalogue catalogue, DateTimeOffset now) =>
        new(catalogue, _faker, () => _faker.Draft(catalogue.Clients, catalogue.Exercises, catalogue.Products, now));

    // inside the note's transaction: the fan-out to the endpoints active now, and the save that writes it and tells the commit's observers
    private async Task<RaisedEvent> RaiseAsync(
        SimulatorDbContext db, string type, SoapNote note, DateTimeOffset now, EndpointRoster.Snapshot? seen, CancellationToken cancellationToken)
    {
        var active = await endpoints.ActiveAsync(db, seen, cancellationToken);
        var (webhookEvent, deliveries) = EventFanOut.Raise(db, type, note, now, active);
        await db.SaveChangesAsync(cancellationToken);
        var raised = new RaisedEvent(
            webhookEvent.Id,
            type,
            deliveries.Select(d => new RaisedDelivery(d.Delivery.Id, d.Endpoint.Id, d.Endpoint.Url)).ToList());
        return raised;
    }
}
