namespace Simulator.Core.Domain;

/// <summary>
/// A SOAP note of the account: the record that <c>soap_note.created</c> and
/// <c>soap_note.updated</c> events carry as <c>data.object</c>.
/// </summary>
public sealed class SoapNote
{
    public const int MaxNameLength = 200;
    public const int MaxRecommendationsLength = 4000;
    public const int MaxPrescriptions = 50;

    public const int MaxCreatedByLength = 200;
    public const int MaxRefLength = 100;

    /// <summary>The realistic range of every timestamp: never year 1 (what a cleared date field gives), never past 2099.</summary>
    public static readonly DateTimeOffset EarliestSeenAt = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset LatestSeenAt = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Why a <c>seen_at</c> is unrealistic, or null when it is fine.</summary>
    public static string? SeenAtProblem(DateTimeOffset seenAt) => TimestampProblem("Seen at", seenAt);

    /// <summary>Why a timestamp (<paramref name="what"/>, in words) is unrealistic, or null when it is fine.</summary>
    public static string? TimestampProblem(string what, DateTimeOffset at) => at < EarliestSeenAt || at >= LatestSeenAt
        ? $"{what} must be a real moment between {EarliestSeenAt.Year} and {LatestSeenAt.Year - 1}, e.g. 2018-03-26T14:20:00Z."
        : null;

    private readonly List<ExercisePrescription> _exercisePrescriptions = [];
    private readonly List<ProductPrescription> _productPrescriptions = [];

    private SoapNote()
    {
        ClientExternalRef = CreatedBy = Name = Recommendations = string.Empty;
    }

    public SoapNote(SoapNoteDraft draft, string createdBy, DateTimeOffset now)
        : this()
    {
        ArgumentNullException.ThrowIfNull(draft);
        var createdAt = draft.CreatedAt ?? now;
        var updatedAt = draft.UpdatedAt ?? draft.CreatedAt ?? now;
        SetClient(draft.Client);
        Validate(draft.Name, draft.Recommendations, draft.Exercises.Count, draft.Products.Count, createdBy, ClientExternalRef, (createdAt, updatedAt, draft.SeenAt));
        CreatedBy = createdBy;
        CreatedAt = Truncate(createdAt);
        UpdatedAt = Truncate(updatedAt);
        Name = draft.Name.Trim();
        Recommendations = draft.Recommendations;
        SeenAt = Truncate(draft.SeenAt);
        State = draft.State;
        _exercisePrescriptions.AddRange(draft.Exercises.Select(e => new ExercisePrescription(e.Exercise, e.Dosage)));
        _productPrescriptions.AddRange(draft.Products.Select(p => new ProductPrescription(p)));
    }

    public int Id { get; private set; }

    public int ClientId { get; private set; }

    public string ClientExternalRef { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string CreatedBy { get; private set; }

    public IReadOnlyList<ExercisePrescription> ExercisePrescriptions => _exercisePrescriptions;

    public string Name { get; private set; }

    public IReadOnlyList<ProductPrescription> ProductPrescriptions => _productPrescriptions;

    public string Recommendations { get; private set; }

    public DateTimeOffset SeenAt { get; private set; }

    public SoapNoteState State { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>
    /// Applies the given changes; returns false (and changes nothing) when nothing differs. The note's
    /// <c>updated_at</c> becomes the one given, else now when something changed.
    /// </summary>
    public bool Revise(SoapNoteRevision revision, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(revision);
        var name = revision.Name?.Trim() ?? Name;
        var recommendations = revision.Recommendations ?? Recommendations;
        var createdBy = revision.CreatedBy ?? CreatedBy;
        var createdAt = revision.CreatedAt ?? CreatedAt;
        var updatedAt = revision.UpdatedAt ?? (createdAt > now ? createdAt : now);
        Validate(
            name, recommendations, revision.Exercises?.Count ?? 0, revision.Products?.Count ?? 0, createdBy,
            revision.Client?.ExternalRef ?? ClientExternalRef, (createdAt, updatedAt, revision.SeenAt ?? SeenAt));

        var changed = false;
        if (revision.Client is { } client && (client.Id != ClientId || client.ExternalRef != ClientExternalRef))
        {
            SetClient(client);
            changed = true;
        }
        if (createdBy != CreatedBy)
        {
            CreatedBy = createdBy;
            changed = true;
        }
        if (Truncate(createdAt) != CreatedAt)
        {
            CreatedAt = Truncate(createdAt);
            changed = true;
        }
        if (name != Name)
        {
            Name = name;
            changed = true;
        }
        if (recommendations != Recommendations)
        {
            Recommendations = recommendations;
            changed = true;
        }
        if (revision.SeenAt is { } seenAt && Truncate(seenAt) != SeenAt)
        {
            SeenAt = Truncate(seenAt);
            changed = true;
        }
        if (revision.State is { } state && state != State)
        {
            State = state;
            changed = true;
        }
        if (revision.Exercises is { } exercises)
        {
            _exercisePrescriptions.Clear();
            _exercisePrescriptions.AddRange(exercises.Select(e => new ExercisePrescription(e.Exercise, e.Dosage)));
            changed = true;
        }
        if (revision.DosageChanges is { } dosages)
        {
            foreach (var (prescriptionId, dosage) in dosages)
            {
                var prescription = _exercisePrescriptions.FirstOrDefault(p => p.Id == prescriptionId)
                    ?? throw new DomainRuleException("Unknown prescription", $"SOAP note {Id} has no exercise prescription {prescriptionId}.");
                if (prescription.Dosage != dosage)
                {
                    prescription.ApplyDosage(dosage);
                    changed = true;
                }
            }
        }
        if (revision.Products is { } products)
        {
            _productPrescriptions.Clear();
            _productPrescriptions.AddRange(products.Select(p => new ProductPrescription(p)));
            changed = true;
        }
        if (revision.UpdatedAt is { } given && Truncate(given) != UpdatedAt)
        {
            UpdatedAt = Truncate(given);
            return true;
        }
        if (changed && revision.UpdatedAt is null)
        {
            UpdatedAt = Truncate(updatedAt);
        }
        return changed;
    }

    /// <summary>Saved without a change of content: the note still counts as updated now.</summary>
    public void MarkSaved(DateTimeOffset now) => UpdatedAt = Truncate(now) > CreatedAt ? Truncate(now) : CreatedAt;

    /// <summary>
    /// Gives a note that is never saved (the receiver check's notes) its id, and each prescription
    /// without one the next id from <paramref name="nextPrescriptionId"/>; the store assigns them otherwise.
    /// </summary>
    internal void Identify(int id, Func<int> nextPrescriptionId)
    {
        Id = id;
        foreach (var exercise in _exercisePrescriptions)
        {
            exercise.Identify(exercise.Id == 0 ? nextPrescriptionId() : exercise.Id, id);
        }
        foreach (var product in _productPrescriptions)
        {
            product.Identify(product.Id == 0 ? nextPrescriptionId() : product.Id, id);
        }
    }

    /// <summary>Timestamps are kept to the whole second, as they are sent.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    private static void Validate(
        string name, string recommendations, int exercises, int products, string createdBy, string clientExternalRef,
        (DateTimeOffset Created, DateTimeOffset Updated, DateTimeOffset Seen) at)
    {
        var errors = new Dictionary<string, List<string>>();
        if (string.IsNullOrWhiteSpace(createdBy))
        {
            errors["created_by"] = ["Who wrote the note is required."];
        }
        else if (createdBy.Length > MaxCreatedByLength)
        {
            errors["created_by"] = [$"Created by may be at most {MaxCreatedByLength} characters."];
        }
        if (clientExternalRef is null or { Length: > MaxRefLength })
        {
            errors["client_external_ref"] = [$"The client's external ref is text (may be empty) of at most {MaxRefLength} characters."];
        }
        foreach (var (field, what, value) in new[] { ("created_at", "Created at", at.Created), ("updated_at", "Updated at", at.Updated), ("seen_at", "Seen at", at.Seen) })
        {
            if (TimestampProblem(what, value) is { } problem)
            {
                errors[field] = [problem];
            }
        }
        if (!errors.ContainsKey("created_at") && !errors.ContainsKey("updated_at") && Truncate(at.Updated) < Truncate(at.Created))
        {
            errors["updated_at"] = ["Updated at may not be before created at."];
        }
        if (string.IsNullOrWhiteSpace(name))
        {
            errors["name"] = ["The name is required."];
        }
        else if (name.Length > MaxNameLength)
        {
            errors["name"] = [$"The name may be at most {MaxNameLength} characters."];
        }
        if (recommendations is null)
        {
            errors["recommendations"] = ["Recommendations may be empty but not null."];
        }
        else if (recommendations.Length > MaxRecommendationsLength)
        {
            errors["recommendations"] = [$"Recommendations may be at most {MaxRecommendationsLength} characters."];
        }
        if (exercises > MaxPrescriptions)
        {
            errors["exercise_prescriptions"] = [$"At most {MaxPrescriptions} exercises."];
        }
        if (products > MaxPrescriptions)
        {
            errors["product_prescriptions"] = [$"At most {MaxPrescriptions} products."];
        }
        DomainValidationException.ThrowIfAny(errors);
    }

    private void SetClient(Client client)
    {
        ArgumentNullException.ThrowIfNull(client);
        ClientId = client.Id;
        ClientExternalRef = client.ExternalRef;
    }
}
