namespace Simulator.Core.Domain;

/// <summary>Changes to a SOAP note; a null member leaves that part as it is.</summary>
public sealed record SoapNoteRevision
{
    public Client? Client { get; init; }

    public string? CreatedBy { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>The <c>updated_at</c> to keep; else now, when something changed.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    public string? Name { get; init; }

    public string? Recommendations { get; init; }

    public DateTimeOffset? SeenAt { get; init; }

    public SoapNoteState? State { get; init; }

    /// <summary>Replaces all exercise prescriptions.</summary>
    public IReadOnlyList<PrescribedExercise>? Exercises { get; init; }

    /// <summary>Changes the dosage of existing exercise prescriptions, by prescription id.</summary>
    public IReadOnlyList<KeyValuePair<int, ExerciseDosage>>? DosageChanges { get; init; }

    /// <summary>Replaces all product prescriptions.</summary>
    public IReadOnlyList<Product>? Products { get; init; }
}
