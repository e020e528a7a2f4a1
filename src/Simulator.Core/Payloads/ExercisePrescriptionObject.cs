using Simulator.Core.Domain;

namespace Simulator.Core.Payloads;

/// <summary>An exercise prescription exactly as <c>data.object.exercise_prescriptions[]</c> carries it.</summary>
public sealed record ExercisePrescriptionObject(
    string ExerciseExternalRef,
    int ExerciseId,
    string HoldFor,
    int Id,
    string Instructions,
    string Name,
    int Reps,
    string RestTime,
    int Sets,
    int TimesPerDay,
    int TimesPerWeek,
    string Tools)
{
    public static ExercisePrescriptionObject From(ExercisePrescription exercise)
    {
        ArgumentNullException.ThrowIfNull(exercise);
        return new(
            exercise.ExerciseExternalRef, exercise.ExerciseId, exercise.HoldFor, exercise.Id, exercise.Instructions, exercise.Name,
            exercise.Reps, exercise.RestTime, exercise.Sets, exercise.TimesPerDay, exercise.TimesPerWeek, exercise.Tools);
    }
}
