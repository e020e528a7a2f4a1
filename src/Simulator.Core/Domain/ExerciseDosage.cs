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
    public const string RangeProblem = "Reps (0–1000), sets (0–100), times per day (0–24) and per week (0–168) must be realistic.";
    public const string LengthProblem = "hold_for and rest_time may be at most 100 characters, instructions 1000.";

    /// <summary>Each figure out of its realistic range, by its name on the wire, with a message that names it in words.</summary>
    public IEnumerable<(string Field, string Message)> RangeProblems()
    {
        if (Reps is < 0 or > 1000)
        {
            yield return ("reps", "Reps must be from 0 to 1000.");
        }
        if (Sets is < 0 or > 100)
        {
            yield return ("sets", "Sets must be from 0 to 100.");
        }
        if (TimesPerDay is < 0 or > 24)
        {
            yield return ("times_per_day", "Times per day must be from 0 to 24.");
        }
        if (TimesPerWeek is < 0 or > 7 * 24)
        {
            yield return ("times_per_week", "Times per week must be from 0 to 168.");
        }
    }

    /// <summary>What makes this dosage unrealistic, or null when it is fine.</summary>
    public string? Problem()
    {
        if (Reps is < 0 or > 1000 || Sets is < 0 or > 100 || TimesPerDay is < 0 or > 24 || TimesPerWeek is < 0 or > 7 * 24)
        {
            return RangeProblem;
        }
        if (HoldFor is null || RestTime is null || Instructions is null)
        {
            return "hold_for, rest_time and instructions may be empty but not null.";
        }
        return HoldFor.Length > 100 || RestTime.Length > 100 || Instructions.Length > 1000 ? LengthProblem : null;
    }

    public void Validate()
    {
        if (Problem() is { } problem)
        {
            throw new DomainRuleException("Invalid dosage", problem);
        }
    }
}
