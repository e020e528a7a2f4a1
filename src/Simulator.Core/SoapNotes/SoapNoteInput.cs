using Simulator.Core.Domain;

namespace Simulator.Core.SoapNotes;

/// <summary>
/// Fields of a SOAP note as a user or script gives them; a null member is left out (generated on
/// create, unchanged on update).
/// </summary>
public sealed record SoapNoteInput
{
    public int? ClientId { get; init; }

    public string? Name { get; init; }

    public string? Recommendations { get; init; }

    public DateTimeOffset? SeenAt { get; init; }

    public SoapNoteState? State { get; init; }

    public IReadOnlyList<ExercisePrescriptionInput>? ExercisePrescriptions { get; init; }

    public IReadOnlyList<int>? ProductIds { get; init; }

    public bool IsEmpty => ClientId is null && Name is null && Recommendations is null && SeenAt is null
        && State is null && ExercisePrescriptions is null && ProductIds is null;
}

/// <summary>An exercise to prescribe; left-out figures are generated.</summary>
public sealed record ExercisePrescriptionInput(
    int ExerciseId,
    string? HoldFor = null,
    string? Instructions = null,
    int? Reps = null,
    string? RestTime = null,
    int? Sets = null,
    int? TimesPerDay = null,
    int? TimesPerWeek = null);
