using Simulator.Core.Domain;
using Simulator.Core.Seeding;

namespace Simulator.Core.SoapNotes;

/// <summary>
/// Turns the fields a user gave into a new note's draft or a change to a note: what was given is
/// kept as given (ids, refs and names the catalogue does not have included, so a receiver can be fed
/// its own clients' refs), what was left out comes from the catalogue or is generated. Every field it
/// refuses is named, e.g. <c>exercise_prescriptions[0].reps</c>.
/// </summary>
internal sealed class SoapNoteInputResolver(SoapNoteCatalogue catalogue, SoapNoteFaker faker, Func<SoapNoteDraft> generate)
{
    public const int MaxTextLength = 200;

    private readonly Dictionary<string, List<string>> _errors = [];
    private SoapNoteDraft? _generated;

    // the note being changed: an exercise, product or client it already has keeps its own ref and names
    private SoapNote? _current;

    /// <summary>A generated note: drawn only when something is left out, so given fields do not use up the seed's sequence.</summary>
    private SoapNoteDraft Generated => _generated ??= generate();

    /// <summary>The new note's draft: given fields as given, the rest generated.</summary>
    public SoapNoteDraft Draft(SoapNoteInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var client = ResolveClient(input, currentClientId: null);
        var exercises = ResolveExercises(input.ExercisePrescriptions);
        var products = ResolveProducts(input.ProductPrescriptions);
        CheckTimestamps(input);
        DomainValidationException.ThrowIfAny(_errors);
        return new SoapNoteDraft(
            client ?? Generated.Client,
            input.Name ?? Generated.Name,
            input.Recommendations ?? Generated.Recommendations,
            input.SeenAt ?? Generated.SeenAt,
            input.State ?? Generated.State,
            exercises ?? Generated.Exercises,
            products ?? Generated.Products)
        {
            CreatedAt = input.CreatedAt,
            UpdatedAt = input.UpdatedAt,
        };
    }

    /// <summary>The change to <paramref name="note"/>: only the given fields.</summary>
    public SoapNoteRevision Revision(SoapNoteInput input, SoapNote note)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(note);
        _current = note;
        var client = ResolveClient(input, note.ClientId);
        var exercises = ResolveExercises(input.ExercisePrescriptions);
        var products = ResolveProducts(input.ProductPrescriptions);
        CheckTimestamps(input);
        DomainValidationException.ThrowIfAny(_errors);
        return new SoapNoteRevision
        {
            Client = client,
            CreatedBy = input.CreatedBy,
            CreatedAt = input.CreatedAt,
            UpdatedAt = input.UpdatedAt,
            Name = input.Name,
            Recommendations = input.Recommendations,
            SeenAt = input.SeenAt,
            State = input.State,
            Exercises = exercises,
            Products = products,
        };
    }

    private void CheckTimestamps(SoapNoteInput input)
    {
        foreach (var (field, what, value) in new[] { ("created_at", "Created at", input.CreatedAt), ("updated_at", "Updated at", input.UpdatedAt), ("seen_at", "Seen at", input.SeenAt) })
        {
            if (value is { } at && SoapNote.TimestampProblem(what, at) is { } problem)
            {
                Refuse(field, problem);
            }
        }
    }

    /// <summary>The client given by id and/or ref; null when neither is given.</summary>
    private Client? ResolveClient(SoapNoteInput input, int? currentClientId)
    {
        var givenRef = Text(input.ClientExternalRef, "client_external_ref", SoapNote.MaxRefLength, required: false);
        if (input.ClientId is { } clientId)
        {
            if (clientId <= 0)
            {
                Refuse("client_id", "A client id is a whole number from 1.");
                return null;
            }
            if (clientId == currentClientId && givenRef is null)
            {
                return null; // the same client: its ref stays as the note has it
            }
            var known = catalogue.Clients.FirstOrDefault(c => c.Id == clientId);
            return givenRef is null && known is not null ? known
                : new Client(clientId, givenRef ?? known?.ExternalRef ?? faker.ExternalRef(), known?.FirstName ?? "", known?.LastName ?? "");
        }
        if (givenRef is null)
        {
            return null;
        }
        var same = currentClientId is { } current ? catalogue.Clients.FirstOrDefault(c => c.Id == current) : Generated.Client;
        return new Client(currentClientId ?? same!.Id, givenRef, same?.FirstName ?? "", same?.LastName ?? "");
    }

    private List<PrescribedExercise>? ResolveExercises(IReadOnlyList<ExercisePrescriptionInput>? prescriptions)
    {
        if (prescriptions is null)
        {
            return null;
        }
        if (prescriptions.Count > SoapNote.MaxPrescriptions)
        {
            Refuse("exercise_prescriptions", $"At most {SoapNote.MaxPrescriptions} exercises.");
        }
        var exercises = new List<PrescribedExercise>();
        for (var i = 0; i < prescriptions.Count && i < SoapNote.MaxPrescriptions; i++)
        {
            var p = prescriptions[i] ?? new ExercisePrescriptionInput();
            var at = $"exercise_prescriptions[{i}]";
            if (ResolveExercise(p, i, at) is not { } exercise)
            {
                continue;
            }
            var fallback = Generated.Exercises.Count > 0 ? Generated.Exercises[i % Generated.Exercises.Count].Dosage : new ExerciseDosage("", "", 10, "30 seconds", 3, 1, 3);
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
                Refuse($"{at}.{field}", message);
            }
            if (ranges.Count > 0)
            {
                continue;
            }
            if (dosage.Problem() is { } problem)
            {
                Refuse(at, problem);
                continue;
            }
            exercises.Add(new PrescribedExercise(exercise, dosage));
        }
        return exercises;
    }

    /// <summary>
    /// The exercise: the catalogue's with the given id, else one with that id and what was given
    /// (the rest generated); without an id, the generated note's. Given ref, name and tools win.
    /// </summary>
    private Exercise? ResolveExercise(ExercisePrescriptionInput p, int index, string at)
    {
        var givenRef = Text(p.ExerciseExternalRef, $"{at}.exercise_external_ref", SoapNote.MaxRefLength, required: false);
        var givenName = Text(p.Name, $"{at}.name", MaxTextLength, required: true);
        var givenTools = Text(p.Tools, $"{at}.tools", MaxTextLength, required: false);
        if (p.ExerciseId is <= 0)
        {
            Refuse($"{at}.exercise_id", "An exercise id is a whole number from 1.");
            return null;
        }
        var known = p.ExerciseId is { } id
            ? _current?.ExercisePrescriptions.Where(e => e.ExerciseId == id).Select(e => new Exercise(e.ExerciseId, e.ExerciseExternalRef, e.Name, e.Tools)).FirstOrDefault()
                ?? catalogue.Exercises.FirstOrDefault(e => e.Id == id)
            : null;
        var basis = known
            ?? (p.ExerciseId is null && Generated.Exercises.Count > 0 ? Generated.Exercises[index % Generated.Exercises.Count].Exercise : null)
            ?? (catalogue.Exercises.Count > 0 ? faker.Pick(catalogue.Exercises) : null);
        if (basis is null && givenName is null)
        {
            Refuse($"{at}.name", "The catalogue has no exercises: give the exercise's name.");
            return null;
        }
        var exerciseId = p.ExerciseId ?? basis!.Id;
        if (givenRef is null && givenName is null && givenTools is null && basis is not null && basis.Id == exerciseId)
        {
            return basis;
        }
        var externalRef = givenRef ?? (basis is not null && basis.Id == exerciseId ? basis.ExternalRef : faker.ExternalRef());
        return new Exercise(exerciseId, externalRef, givenName ?? basis!.Name, givenTools ?? basis?.Tools ?? "");
    }

    private List<Product>? ResolveProducts(IReadOnlyList<ProductPrescriptionInput>? prescriptions)
    {
        if (prescriptions is null)
        {
            return null;
        }
        if (prescriptions.Count > SoapNote.MaxPrescriptions)
        {
            Refuse("product_prescriptions", $"At most {SoapNote.MaxPrescriptions} products.");
        }
        var products = new List<Product>();
        for (var i = 0; i < prescriptions.Count && i < SoapNote.MaxPrescriptions; i++)
        {
            var p = prescriptions[i] ?? new ProductPrescriptionInput();
            var at = $"product_prescriptions[{i}]";
            var givenRef = Text(p.ProductExternalRef, $"{at}.product_external_ref", SoapNote.MaxRefLength, required: false);
            var givenName = Text(p.Name, $"{at}.name", MaxTextLength, required: true);
            if (p.ProductId is <= 0)
            {
                Refuse($"{at}.product_id", "A product id is a whole number from 1.");
                continue;
            }
            var known = p.ProductId is { } id
                ? _current?.ProductPrescriptions.Where(c => c.ProductId == id).Select(c => new Product(c.ProductId, c.ProductExternalRef, c.Name)).FirstOrDefault()
                    ?? catalogue.Products.FirstOrDefault(c => c.Id == id)
                : null;
            var basis = known ?? (catalogue.Products.Count > 0 ? faker.Pick(catalogue.Products) : null);
            if (basis is null && givenName is null)
            {
                Refuse($"{at}.name", "The catalogue has no products: give the product's name.");
                continue;
            }
            var productId = p.ProductId ?? basis!.Id;
            if (givenRef is null && givenName is null && basis is not null && basis.Id == productId)
            {
                products.Add(basis);
                continue;
            }
            var externalRef = givenRef ?? (basis is not null && basis.Id == productId ? basis.ExternalRef : faker.ExternalRef());
            products.Add(new Product(productId, externalRef, givenName ?? basis!.Name));
        }
        return products;
    }

    /// <summary>Given text, checked: at most <paramref name="max"/> characters, not blank when <paramref name="required"/>.</summary>
    private string? Text(string? value, string field, int max, bool required)
    {
        if (value is null)
        {
            return null;
        }
        if (required && string.IsNullOrWhiteSpace(value))
        {
            Refuse(field, "May not be empty.");
        }
        else if (value.Length > max)
        {
            Refuse(field, $"May be at most {max} characters.");
        }
        return value;
    }

    private void Refuse(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }
        messages.Add(message);
    }
}
