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
}
