namespace Simulator.Core.Domain;

/// <summary>Everything a new SOAP note is made of.</summary>
public sealed record SoapNoteDraft(
    Client Client,
    string Name,
    string Recommendations,
    DateTimeOffset SeenAt,
    SoapNoteState State,
    IReadOnlyList<PrescribedExercise> Exercises,
    IReadOnlyList<Product> Products)
{
    /// <summary>The note's <c>created_at</c> when given; else the moment it is saved.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>The note's <c>updated_at</c> when given; else its <c>created_at</c>.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>An exercise from the catalogue with its dosage.</summary>
public sealed record PrescribedExercise(Exercise Exercise, ExerciseDosage Dosage);
