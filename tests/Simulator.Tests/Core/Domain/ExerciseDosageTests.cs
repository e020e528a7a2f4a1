using Simulator.Core.Domain;

namespace Simulator.Tests.Core.Domain;

/// <summary>How realistic a prescription's dosage must be, field by field, with the messages a form shows.</summary>
public sealed class ExerciseDosageTests
{
    private static readonly ExerciseDosage Fine = new("10 seconds", "Slowly", 8, "30 seconds", 2, 3, 6);

    [Fact]
    public void The_edges_of_each_range_are_realistic()
    {
        Assert.Null((Fine with { Reps = 0, Sets = 0, TimesPerDay = 0, TimesPerWeek = 0 }).Problem());
        Assert.Empty((Fine with { Reps = 0, Sets = 0, TimesPerDay = 0, TimesPerWeek = 0 }).RangeProblems());
        Assert.Null((Fine with { Reps = 1000, Sets = 100, TimesPerDay = 24, TimesPerWeek = 168 }).Problem());
        Assert.Empty((Fine with { Reps = 1000, Sets = 100, TimesPerDay = 24, TimesPerWeek = 168 }).RangeProblems());
        Assert.Null((Fine with { HoldFor = new string('h', 100), RestTime = new string('r', 100), Instructions = new string('i', 1000) }).Problem());
        Assert.Null((Fine with { HoldFor = "", RestTime = "", Instructions = "" }).Problem());
    }

    [Theory]
    [InlineData(-1, 2, 3, 6, "reps", "Reps must be from 0 to 1000.")]
    [InlineData(1001, 2, 3, 6, "reps", "Reps must be from 0 to 1000.")]
    [InlineData(8, -1, 3, 6, "sets", "Sets must be from 0 to 100.")]
    [InlineData(8, 101, 3, 6, "sets", "Sets must be from 0 to 100.")]
    [InlineData(8, 2, -1, 6, "times_per_day", "Times per day must be from 0 to 24.")]
    [InlineData(8, 2, 25, 6, "times_per_day", "Times per day must be from 0 to 24.")]
    [InlineData(8, 2, 3, -1, "times_per_week", "Times per week must be from 0 to 168.")]
    [InlineData(8, 2, 3, 169, "times_per_week", "Times per week must be from 0 to 168.")]
    public void A_figure_out_of_its_range_is_named_and_makes_the_dosage_unrealistic(int reps, int sets, int perDay, int perWeek, string field, string message)
    {
        var dosage = Fine with { Reps = reps, Sets = sets, TimesPerDay = perDay, TimesPerWeek = perWeek };

        Assert.Equal([(field, message)], dosage.RangeProblems());
        Assert.Equal(ExerciseDosage.RangeProblem, dosage.Problem());
        var refused = Assert.Throws<DomainRuleException>(dosage.Validate);
        Assert.Equal(("Invalid dosage", ExerciseDosage.RangeProblem), (refused.Title, refused.Message));
    }

    [Fact]
    public void Every_figure_out_of_range_is_named_at_once()
    {
        Assert.Equal(
            ["reps", "sets", "times_per_day", "times_per_week"],
            new ExerciseDosage("", "", 2000, "", 200, 48, 200).RangeProblems().Select(p => p.Field));
    }

    [Theory]
    [InlineData(101, 0, 0)]
    [InlineData(0, 101, 0)]
    [InlineData(0, 0, 1001)]
    public void Text_longer_than_its_limit_is_unrealistic(int holdFor, int restTime, int instructions)
    {
        var dosage = Fine with { HoldFor = new string('h', holdFor), RestTime = new string('r', restTime), Instructions = new string('i', instructions) };

        Assert.Equal(ExerciseDosage.LengthProblem, dosage.Problem());
    }

    [Fact]
    public void Text_may_be_empty_but_not_null()
    {
        const string message = "hold_for, rest_time and instructions may be empty but not null.";

        Assert.Equal(message, (Fine with { HoldFor = null! }).Problem());
        Assert.Equal(message, (Fine with { RestTime = null! }).Problem());
        Assert.Equal(message, (Fine with { Instructions = null! }).Problem());
    }

    [Fact]
    public void A_prescription_takes_its_exercise_and_refuses_an_unrealistic_dosage()
    {
        var exercise = new Exercise(4, "EX-4", "Plank", "Mat");

        var prescription = new ExercisePrescription(exercise, Fine);

        Assert.Equal((4, "EX-4", "Plank", "Mat"), (prescription.ExerciseId, prescription.ExerciseExternalRef, prescription.Name, prescription.Tools));
        Assert.Equal(Fine, prescription.Dosage);
        Assert.Throws<DomainRuleException>(() => prescription.ApplyDosage(Fine with { Reps = -1 }));
        Assert.Equal(Fine, prescription.Dosage);
    }
}
