namespace Simulator.Core.Domain;

/// <summary>An exercise prescribed in a SOAP note, with its dosage.</summary>
public sealed class ExercisePrescription
{
    private ExercisePrescription()
    {
        ExerciseExternalRef = Name = HoldFor = Instructions = RestTime = Tools = string.Empty;
    }

    public ExercisePrescription(Exercise exercise, ExerciseDosage dosage)
        : this()
    {
        ArgumentNullException.ThrowIfNull(exercise);
        ExerciseId = exercise.Id;
        ExerciseExternalRef = exercise.ExternalRef;
        Name = exercise.Name;
        Tools = exercise.Tools;
        ApplyDosage(dosage);
    }

    public int Id { get; private set; }

    public int SoapNoteId { get; private set; }

    /// <summary>Ids for a note that is never saved (the receiver check's notes).</summary>
    internal void Identify(int id, int soapNoteId)
    {
        Id = id;
        SoapNoteId = soapNoteId;
    }

    public int ExerciseId { get; private set; }

    public string ExerciseExternalRef { get; private set; }

    public string Name { get; private set; }

    public string HoldFor { get; private set; }

    public string Instructions { get; private set; }

    public int Reps { get; private set; }

    public string RestTime { get; private set; }

    public int Sets { get; private set; }

    public int TimesPerDay { get; private set; }

    public int TimesPerWeek { get; private set; }

    public string Tools { get; private set; }

    public ExerciseDosage Dosage => new(HoldFor, Instructions, Reps, RestTime, Sets, TimesPerDay, TimesPerWeek);

    public void ApplyDosage(ExerciseDosage dosage)
    {
        ArgumentNullException.ThrowIfNull(dosage);
        dosage.Validate();
        HoldFor = dosage.HoldFor;
        Instructions = dosage.Instructions;
        Reps = dosage.Reps;
        RestTime = dosage.RestTime;
        Sets = dosage.Sets;
        TimesPerDay = dosage.TimesPerDay;
        TimesPerWeek = dosage.TimesPerWeek;
    }
}
