using Simulator.Core.Domain;

namespace Simulator.Core.SoapNotes;

/// <summary>
/// Fields of a SOAP note as a user or script gives them: every field of the object except the ids
/// the store assigns (the note's and the prescriptions'). A null member is left out (generated on
/// create, unchanged on update).
/// </summary>
public sealed record SoapNoteInput
{
    public int? ClientId { get; init; }

    /// <summary>The client's ref in the practice's own system; left out, the client's (or a generated one).</summary>
    public string? ClientExternalRef { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>Who wrote it; left out, the signed-in user (on create) or unchanged.</summary>
    public string? CreatedBy { get; init; }

    public string? Name { get; init; }

    public string? Recommendations { get; init; }

    public DateTimeOffset? SeenAt { get; init; }

    public SoapNoteState? State { get; init; }

    /// <summary>Left out: the moment of the save (on create, the note's <c>created_at</c>).</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    public IReadOnlyList<ExercisePrescriptionInput>? ExercisePrescriptions { get; init; }

    public IReadOnlyList<ProductPrescriptionInput>? ProductPrescriptions { get; init; }

    public bool IsEmpty => ClientId is null && ClientExternalRef is null && CreatedAt is null && CreatedBy is null && Name is null
        && Recommendations is null && SeenAt is null && State is null && UpdatedAt is null && ExercisePrescriptions is null
        && ProductPrescriptions is null;
}

/// <summary>
/// An exercise to prescribe; anything left out is generated: an exercise of the catalogue when no
/// <see cref="ExerciseId"/> is given, its name, ref and tools from the catalogue when the id is the
/// catalogue's (generated otherwise), realistic figures.
/// </summary>
public sealed record ExercisePrescriptionInput(
    int? ExerciseId = null,
    string? HoldFor = null,
    string? Instructions = null,
    int? Reps = null,
    string? RestTime = null,
    int? Sets = null,
    int? TimesPerDay = null,
    int? TimesPerWeek = null,
    string? ExerciseExternalRef = null,
    string? Name = null,
    string? Tools = null);

/// <summary>A product to prescribe; its name and ref come from the catalogue when left out (generated for an id it does not have).</summary>
public sealed record ProductPrescriptionInput(int? ProductId = null, string? Name = null, string? ProductExternalRef = null);
