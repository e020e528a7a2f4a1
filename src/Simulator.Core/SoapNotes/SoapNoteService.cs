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
/// active endpoint, due now: the commit puts them on the schedule.
/// </summary>
public sealed class SoapNoteService(
    IDbContextFactory<SimulatorDbContext> dbFactory,
    TimeProvider time,
    IOptions<SimulatorOptions> options)
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
            ProductIds = draft.Products.Select(p => p.Id).ToList(),
        };
    }

    /// <summary>Creates a note; any field left out is generated. Raises <c>soap_note.created</c>.</summary>
    public async Task<(SoapNote Note, RaisedEvent Event)> CreateAsync(SoapNoteInput input, string author, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var catalogue = await CatalogueFromAsync(db, cancellationToken);
        var now = time.GetUtcNow();
        var generated = _faker.Draft(catalogue.Clients, catalogue.Exercises, catalogue.Products, now);
        var resolved = Resolve(input, catalogue, generated.Exercises);
        var draft = new SoapNoteDraft(
            resolved.Client ?? generated.Client,
            input.Name ?? generated.Name,
            input.Recommendations ?? generated.Recommendations,
            input.SeenAt ?? generated.SeenAt,
            input.State ?? generated.State,
            resolved.Exercises ?? generated.Exercises,
            resolved.Products ?? generated.Products);
        var note = new SoapNote(draft, author, now);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.SoapNotes.Add(note);
        await db.SaveChangesAsync(cancellationToken);
        var raised = await RaiseAsync(db, EventTypes.SoapNoteCreated, note, now, cancellationToken);
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
        var catalogue = await CatalogueFromAsync(db, cancellationToken);
        var now = time.GetUtcNow();
        SoapNoteRevision revision;
        if (input.IsEmpty)
        {
            revision = _faker.RandomChange(note, catalogue.Exercises, catalogue.Products);
        }
        else
        {
            var resolved = Resolve(input, catalogue, []);
            revision = new SoapNoteRevision
            {
                Client = resolved.Client,
                Name = input.Name,
                Recommendations = input.Recommendations,
                SeenAt = input.SeenAt,
                State = input.State,
                Exercises = resolved.Exercises,
                Products = resolved.Products,
            };
        }
        if (!note.Revise(revision, now))
        {
            note.MarkSaved(now);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var raised = await RaiseAsync(db, EventTypes.SoapNoteUpdated, note, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (note, raised);
    }

    private static IQueryable<SoapNote> WithPrescriptions(SimulatorDbContext db, bool tracked = false)
    {
        var query = db.SoapNotes.Include(n => n.ExercisePrescriptions).Include(n => n.ProductPrescriptions).AsSplitQuery();
        return tracked ? query : query.AsNoTracking();
    }

    private static async Task<SoapNoteCatalogue> CatalogueFromAsync(SimulatorDbContext db, CancellationToken cancellationToken) =>
        new(await db.Clients.ToListAsync(cancellationToken), await db.Exercises.ToListAsync(cancellationToken), await db.Products.ToListAsync(cancellationToken));

    private static (Client? Client, List<PrescribedExercise>? Exercises, List<Product>? Products) Resolve(
        SoapNoteInput input, SoapNoteCatalogue catalogue, IReadOnlyList<PrescribedExercise> generated)
    {
        var errors = new Dictionary<string, List<string>>();
        if (input.SeenAt is { } seenAt && SoapNote.SeenAtProblem(seenAt) is { } seenAtProblem)
        {
            errors["seen_at"] = [seenAtProblem];
        }
        Client? client = null;
        if (input.ClientId is { } clientId && (client = catalogue.Clients.FirstOrDefault(c => c.Id == clientId)) is null)
        {
            errors["client_id"] = [$"There is no client {clientId}."];
        }
        List<PrescribedExercise>? exercises = null;
        if (input.ExercisePrescriptions is { } prescriptions)
        {
            if (prescriptions.Count > SoapNote.MaxPrescriptions)
            {
                errors["exercise_prescriptions"] = [$"At most {SoapNote.MaxPrescriptions} exercises."];
            }
            exercises = [];
            for (var i = 0; i < prescriptions.Count && i < SoapNote.MaxPrescriptions; i++)
            {
                var p = prescriptions[i];
                var exercise = catalogue.Exercises.FirstOrDefault(e => e.Id == p.ExerciseId);
                if (exercise is null)
                {
                    errors[$"exercise_prescriptions[{i}].exercise_id"] = [$"There is no exercise {p.ExerciseId}."];
                    continue;
                }
                var fallback = generated.Count > 0 ? generated[i % generated.Count].Dosage : new ExerciseDosage("", "", 10, "30 seconds", 3, 1, 3);
                var dosage = new ExerciseDosage(
                    p.HoldFor ?? fallback.HoldFor,
                    p.Instructions ?? fallback.Instructions,
                    p.Reps ?? fallback.Reps,
                    p.RestTime ?? fallback.RestTime,
                    p.Sets ?? fallback.Sets,
                    p.TimesPerDay ?? fallback.TimesPerDay,
                    p.TimesPerWeek ?? fallback.TimesPerWeek);
                var ranges = dosage.RangeProblems().ToList();
                foreach (var (field, message) in ranges)
                {
                    errors[$"exercise_prescriptions[{i}].{field}"] = [message];
                }
                if (ranges.Count > 0)
                {
                    continue;
                }
                if (dosage.Problem() is { } problem)
                {
                    errors[$"exercise_prescriptions[{i}]"] = [problem];
                    continue;
                }
                exercises.Add(new PrescribedExercise(exercise, dosage));
            }
        }
        List<Product>? products = null;
        if (input.ProductIds is { } productIds)
        {
            if (productIds.Count > SoapNote.MaxPrescriptions)
            {
                errors["product_prescriptions"] = [$"At most {SoapNote.MaxPrescriptions} products."];
            }
            products = [];
            for (var i = 0; i < productIds.Count && i < SoapNote.MaxPrescriptions; i++)
            {
                var product = catalogue.Products.FirstOrDefault(p => p.Id == productIds[i]);
                if (product is null)
                {
                    errors[$"product_prescriptions[{i}].product_id"] = [$"There is no product {productIds[i]}."];
                    continue;
                }
                products.Add(product);
            }
        }
        DomainValidationException.ThrowIfAny(errors);
        return (client, exercises, products);
    }

    private static async Task<RaisedEvent> RaiseAsync(
        SimulatorDbContext db, string type, SoapNote note, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (webhookEvent, deliveries) = await EventFanOut.RaiseAsync(db, type, note, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var raised = new RaisedEvent(
            webhookEvent.Id,
            type,
            deliveries.Select(d => new RaisedDelivery(d.Delivery.Id, d.Endpoint.Id, d.Endpoint.Url)).ToList());
        return raised;
    }
}
