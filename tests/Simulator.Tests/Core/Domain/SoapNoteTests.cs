using Simulator.Core.Domain;

namespace Simulator.Tests.Core.Domain;

/// <summary>A SOAP note as the practice writes and revises it: what counts as a change, the limits and their messages.</summary>
public sealed class SoapNoteTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 26, 14, 0, 0, TimeSpan.Zero);
    private static readonly Client Ann = new(1, "C-1", "Ann", "Lee");
    private static readonly Exercise Squat = new(1, "EX-1", "Squat", "");
    private static readonly ExerciseDosage Dosage = new("10 seconds", "Slowly", 8, "30 seconds", 2, 3, 6);

    [Fact]
    public void A_new_note_keeps_its_draft_trimmed_and_its_times_to_the_second()
    {
        var note = NewNote(name: "  Follow-up ", state: SoapNoteState.Draft);

        Assert.Equal(("Follow-up", "Walk daily", SoapNoteState.Draft, "Olivia Owner"), (note.Name, note.Recommendations, note.State, note.CreatedBy));
        Assert.Equal((1, "C-1"), (note.ClientId, note.ClientExternalRef));
        Assert.Equal((Now, Now), (note.CreatedAt, note.UpdatedAt));
        Assert.Equal(new DateTimeOffset(2026, 3, 25, 9, 30, 0, TimeSpan.Zero), note.SeenAt);
        Assert.Equal(["Squat"], note.ExercisePrescriptions.Select(p => p.Name));
        Assert.Equal(["Pillow"], note.ProductPrescriptions.Select(p => p.Name));
    }

    [Fact]
    public void A_note_needs_an_author()
    {
        Assert.Equal(["created_by"], Assert.Throws<DomainValidationException>(() => new SoapNote(Draft(), " ", Now)).Errors.Keys);
    }

    [Fact]
    public void A_revision_that_changes_nothing_is_not_a_change()
    {
        var note = NewNote();

        var changed = note.Revise(
            new SoapNoteRevision
            {
                Client = Ann,
                Name = " Follow-up ",
                Recommendations = "Walk daily",
                SeenAt = new DateTimeOffset(2026, 3, 25, 9, 30, 0, 900, TimeSpan.Zero),
                State = SoapNoteState.Final,
                DosageChanges = [new(note.ExercisePrescriptions[0].Id, Dosage)],
            },
            Now.AddHours(1));

        Assert.False(changed);
        Assert.Equal(Now, note.UpdatedAt);
    }

    [Fact]
    public void Each_changed_part_counts_as_a_change_and_moves_updated_at_to_the_second()
    {
        var revisions = new SoapNoteRevision[]
        {
            new() { Client = new Client(2, "C-2", "Bo", "Ng") },
            new() { Name = "Second visit" },
            new() { Recommendations = "" },
            new() { SeenAt = Now },
            new() { State = SoapNoteState.Draft },
            new() { Exercises = [] },
            new() { DosageChanges = [new(1, Dosage with { Reps = 9 })] },
            new() { Products = [] },
        };

        foreach (var revision in revisions)
        {
            var note = NewNote();
            Assert.True(note.Revise(revision, Now.AddHours(1).AddMilliseconds(700)), revision.ToString());
            Assert.Equal(Now.AddHours(1), note.UpdatedAt);
        }
    }

    [Fact]
    public void A_revision_applies_its_values()
    {
        var note = NewNote();
        var band = new Product(4, "P-4", "Band");

        note.Revise(
            new SoapNoteRevision
            {
                Client = new Client(2, "C-2", "Bo", "Ng"),
                Name = " Second visit ",
                Recommendations = "Rest",
                SeenAt = Now.AddMilliseconds(300),
                State = SoapNoteState.Draft,
                Exercises = [new PrescribedExercise(new Exercise(2, "EX-2", "Lunge", "Band"), Dosage)],
                Products = [band],
            },
            Now.AddHours(1));

        Assert.Equal((2, "C-2", "Second visit", "Rest", Now, SoapNoteState.Draft), (note.ClientId, note.ClientExternalRef, note.Name, note.Recommendations, note.SeenAt, note.State));
        Assert.Equal([("Lunge", "Band")], note.ExercisePrescriptions.Select(p => (p.Name, p.Tools)));
        Assert.Equal([("Band", "P-4", 4)], note.ProductPrescriptions.Select(p => (p.Name, p.ProductExternalRef, p.ProductId)));
    }

    [Fact]
    public void A_dosage_change_applies_to_the_named_prescription_and_an_unknown_one_is_refused()
    {
        var note = NewNote();
        var id = note.ExercisePrescriptions[0].Id;

        note.Revise(new SoapNoteRevision { DosageChanges = [new(id, Dosage with { Sets = 4, TimesPerWeek = 7 })] }, Now.AddHours(1));

        Assert.Equal(Dosage with { Sets = 4, TimesPerWeek = 7 }, note.ExercisePrescriptions[0].Dosage);
        var refused = Assert.Throws<DomainRuleException>(() => note.Revise(new SoapNoteRevision { DosageChanges = [new(id + 1, Dosage)] }, Now.AddHours(2)));
        Assert.Equal(("Unknown prescription", $"SOAP note 7 has no exercise prescription {id + 1}."), (refused.Title, refused.Message));
    }

    [Fact]
    public void Saving_without_a_change_still_counts_as_updated_then()
    {
        var note = NewNote();

        note.MarkSaved(Now.AddMinutes(5).AddMilliseconds(999));

        Assert.Equal(Now.AddMinutes(5), note.UpdatedAt);
    }

    [Fact]
    public void The_limits_are_200_characters_of_name_4000_of_recommendations_and_50_prescriptions_each()
    {
        var longest = NewNote(name: new string('n', 200), recommendations: new string('r', 4000), exercises: 50, products: 50);
        Assert.Equal((200, 4000, 50, 50), (longest.Name.Length, longest.Recommendations.Length, longest.ExercisePrescriptions.Count, longest.ProductPrescriptions.Count));

        var refused = Assert.Throws<DomainValidationException>(() => NewNote(name: new string('n', 201), recommendations: new string('r', 4001), exercises: 51, products: 51));

        Assert.Equal(["The name may be at most 200 characters."], refused.Errors["name"]);
        Assert.Equal(["Recommendations may be at most 4000 characters."], refused.Errors["recommendations"]);
        Assert.Equal(["At most 50 exercises."], refused.Errors["exercise_prescriptions"]);
        Assert.Equal(["At most 50 products."], refused.Errors["product_prescriptions"]);
    }

    [Fact]
    public void A_name_is_required_and_recommendations_may_be_empty_but_not_null()
    {
        var refused = Assert.Throws<DomainValidationException>(() => NewNote(name: "  ", recommendations: null!));

        Assert.Equal(["The name is required."], refused.Errors["name"]);
        Assert.Equal(["Recommendations may be empty but not null."], refused.Errors["recommendations"]);
        Assert.Equal(string.Empty, NewNote(recommendations: "").Recommendations);
    }

    [Fact]
    public void A_refused_revision_changes_nothing()
    {
        var note = NewNote();

        Assert.Throws<DomainValidationException>(() => note.Revise(new SoapNoteRevision { Name = new string('n', 201), State = SoapNoteState.Draft }, Now.AddHours(1)));
        Assert.Throws<DomainValidationException>(() => note.Revise(new SoapNoteRevision { Products = [.. Enumerable.Repeat(new Product(4, "P-4", "Band"), 51)] }, Now.AddHours(1)));

        var tooMany = Assert.Throws<DomainValidationException>(
            () => note.Revise(new SoapNoteRevision { Exercises = [.. Enumerable.Repeat(new PrescribedExercise(Squat, Dosage), 51)] }, Now.AddHours(1)));

        Assert.Equal(["exercise_prescriptions"], tooMany.Errors.Keys);
        Assert.Equal(("Follow-up", SoapNoteState.Final, Now), (note.Name, note.State, note.UpdatedAt));
        Assert.Single(note.ProductPrescriptions);
        Assert.Single(note.ExercisePrescriptions);
    }

    [Fact]
    public void Seen_at_must_be_a_real_moment_from_1900_up_to_the_end_of_2099()
    {
        var message = "Seen at must be a real moment between 1900 and 2099, e.g. 2018-03-26T14:20:00Z.";

        Assert.Null(SoapNote.SeenAtProblem(new DateTimeOffset(1900, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.Null(SoapNote.SeenAtProblem(new DateTimeOffset(2099, 12, 31, 23, 59, 59, TimeSpan.Zero)));
        Assert.Equal(message, SoapNote.SeenAtProblem(new DateTimeOffset(1899, 12, 31, 23, 59, 59, TimeSpan.Zero)));
        Assert.Equal(message, SoapNote.SeenAtProblem(new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(message, SoapNote.SeenAtProblem(DateTimeOffset.MinValue));
    }

    [Fact]
    public void Times_are_kept_in_utc_to_the_whole_second()
    {
        Assert.Equal(
            new DateTimeOffset(2026, 3, 26, 12, 20, 5, TimeSpan.Zero),
            SoapNote.Truncate(new DateTimeOffset(2026, 3, 26, 14, 20, 5, 999, TimeSpan.FromHours(2))));
        Assert.Equal(TimeSpan.Zero, SoapNote.Truncate(Now.ToOffset(TimeSpan.FromHours(-5))).Offset);
    }

    [Fact]
    public void An_unsaved_note_is_given_its_ids_keeping_those_its_prescriptions_have()
    {
        var note = new SoapNote(Draft(exercises: 2, products: 1), "Olivia Owner", Now);
        var next = 100;

        note.Identify(9, () => next++);
        note.Identify(10, () => next++);

        Assert.Equal(10, note.Id);
        Assert.Equal([(100, 10), (101, 10)], note.ExercisePrescriptions.Select(p => (p.Id, p.SoapNoteId)));
        Assert.Equal([(102, 10)], note.ProductPrescriptions.Select(p => (p.Id, p.SoapNoteId)));
    }

    [Fact]
    public void A_note_or_prescription_without_its_parts_is_refused_naming_what_is_missing()
    {
        var note = NewNote();

        Assert.Equal("draft", Assert.Throws<ArgumentNullException>(() => new SoapNote(null!, "Olivia Owner", Now)).ParamName);
        Assert.Equal("client", Assert.Throws<ArgumentNullException>(() => new SoapNote(Draft() with { Client = null! }, "Olivia Owner", Now)).ParamName);
        Assert.Equal("revision", Assert.Throws<ArgumentNullException>(() => note.Revise(null!, Now)).ParamName);
        Assert.Equal("exercise", Assert.Throws<ArgumentNullException>(() => new ExercisePrescription(null!, Dosage)).ParamName);
        Assert.Equal("dosage", Assert.Throws<ArgumentNullException>(() => new ExercisePrescription(Squat, null!)).ParamName);
        Assert.Equal("product", Assert.Throws<ArgumentNullException>(() => new ProductPrescription(null!)).ParamName);
    }

    [Fact]
    public void A_client_is_known_by_full_name()
    {
        Assert.Equal("Ann Lee", Ann.FullName);
    }

    private static SoapNoteDraft Draft(
        string name = "Follow-up",
        string recommendations = "Walk daily",
        SoapNoteState state = SoapNoteState.Final,
        int exercises = 1,
        int products = 1) => new(
        Ann,
        name,
        recommendations,
        new DateTimeOffset(2026, 3, 25, 10, 30, 0, 250, TimeSpan.FromHours(1)),
        state,
        [.. Enumerable.Repeat(new PrescribedExercise(Squat, Dosage), exercises)],
        [.. Enumerable.Repeat(new Product(3, "P-3", "Pillow"), products)]);

    private static SoapNote NewNote(
        string name = "Follow-up",
        string recommendations = "Walk daily",
        SoapNoteState state = SoapNoteState.Final,
        int exercises = 1,
        int products = 1)
    {
        var note = new SoapNote(Draft(name, recommendations, state, exercises, products), "Olivia Owner", Now.AddMilliseconds(400));
        var next = 1;
        note.Identify(7, () => next++);
        return note;
    }
}
