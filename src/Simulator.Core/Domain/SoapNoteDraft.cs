namespace Simulator.Core.Domain;

/// <summary>Everything a new SOAP note is made of.</summary>
public sealed record SoapNoteDraft(
    Client Client,
    string Name,
    string Recommendations,
    DateTimeOffset SeenAt,
    SoapNoteState State,
    IReadOnlyList<PrescribedExercise> Exercises,
    IReadOnlyList<Product> Products);

/// <summary>An exercise from the catalogue with its dosage.</summary>
public sealed record PrescribedExercise(Exercise Exercise, ExerciseDosage Dosage);
