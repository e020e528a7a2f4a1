namespace Simulator.Core.Domain;

/// <summary>How an exercise is to be done: the prescription's figures and words.</summary>
public sealed record ExerciseDosage(
    string HoldFor,
    string Instructions,
    int Reps,
    string RestTime,
    int Sets,
    int TimesPerDay,
    int TimesPerWeek)
{
    public void Validate()
    {
        if (Reps is < 0 or > 1000 || Sets is < 0 or > 100 || TimesPerDay is < 0 or > 24 || TimesPerWeek is < 0 or > 7 * 24)
        {
            throw new DomainRuleException("Invalid dosage", "Reps, sets and frequencies must be realistic non-negative numbers.");
        }
        ArgumentNullException.ThrowIfNull(HoldFor);
        ArgumentNullException.ThrowIfNull(Instructions);
        ArgumentNullException.ThrowIfNull(RestTime);
    }
}
