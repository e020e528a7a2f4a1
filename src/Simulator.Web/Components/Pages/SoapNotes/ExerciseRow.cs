namespace Simulator.Web.Components.Pages.SoapNotes;

/// <summary>One prescribed exercise as the form edits it.</summary>
public sealed class ExerciseRow
{
    public int ExerciseId { get; set; }

    public int Sets { get; set; } = 3;

    public int Reps { get; set; } = 10;

    public string HoldFor { get; set; } = string.Empty;

    public string RestTime { get; set; } = string.Empty;

    public int TimesPerDay { get; set; } = 1;

    public int TimesPerWeek { get; set; } = 3;

    public string Instructions { get; set; } = string.Empty;

    public string? SetsError => Range(Sets, 100, "Sets");

    public string? RepsError => Range(Reps, 1000, "Reps");

    public string? TimesPerDayError => Range(TimesPerDay, 24, "Times per day");

    public string? TimesPerWeekError => Range(TimesPerWeek, 168, "Times per week");

    public bool IsValid => SetsError is null && RepsError is null && TimesPerDayError is null && TimesPerWeekError is null;

    private static string? Range(int value, int max, string name) => value is < 0 || value > max ? $"{name}: 0 to {max}." : null;
}
