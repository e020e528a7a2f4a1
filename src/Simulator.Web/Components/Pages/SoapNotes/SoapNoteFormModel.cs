using Simulator.Core.Domain;
using Simulator.Core.SoapNotes;

namespace Simulator.Web.Components.Pages.SoapNotes;

/// <summary>A SOAP note as the form edits it; becomes a <see cref="SoapNoteInput"/> on save.</summary>
public sealed class SoapNoteFormModel
{
    public int ClientId { get; set; }

    public string Name { get; set; } = string.Empty;

    public string Recommendations { get; set; } = string.Empty;

    /// <summary>UTC, to the second (a <c>datetime-local</c> input); null when the field was cleared.</summary>
    public DateTime? SeenAt { get; set; }

    public SoapNoteState State { get; set; } = SoapNoteState.Final;

    public List<ExerciseRow> Exercises { get; } = [];

    public List<int> ProductIds { get; } = [];

    public string? NameError => string.IsNullOrWhiteSpace(Name)
        ? "The name is required, e.g. Standard Treatment."
        : Name.Length > SoapNote.MaxNameLength ? $"The name may be at most {SoapNote.MaxNameLength} characters." : null;

    public string? RecommendationsError => Recommendations.Length > SoapNote.MaxRecommendationsLength
        ? $"Recommendations may be at most {SoapNote.MaxRecommendationsLength} characters."
        : null;

    public string? SeenAtError => SeenAt is not { } seenAt
        ? "When the client was seen is required, e.g. 2026-03-26 14:20:00."
        : SoapNote.SeenAtProblem(new DateTimeOffset(DateTime.SpecifyKind(seenAt, DateTimeKind.Utc))) is not null
            ? $"Seen at must be between {SoapNote.EarliestSeenAt.Year} and {SoapNote.LatestSeenAt.Year - 1}."
            : null;

    public bool IsValid => NameError is null && RecommendationsError is null && SeenAtError is null && Exercises.All(e => e.IsValid);

    public SoapNoteInput ToInput() => new()
    {
        ClientId = ClientId,
        Name = Name,
        Recommendations = Recommendations,
        SeenAt = SeenAt is { } seenAt ? new DateTimeOffset(DateTime.SpecifyKind(seenAt, DateTimeKind.Utc)) : null,
        State = State,
        ExercisePrescriptions = Exercises.Select(e => new ExercisePrescriptionInput(
            e.ExerciseId, e.HoldFor, e.Instructions, e.Reps, e.RestTime, e.Sets, e.TimesPerDay, e.TimesPerWeek)).ToList(),
        ProductPrescriptions = ProductIds.Select(id => new ProductPrescriptionInput(id)).ToList(),
    };

    public static SoapNoteFormModel From(SoapNoteInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var model = new SoapNoteFormModel
        {
            ClientId = input.ClientId ?? 0,
            Name = input.Name ?? string.Empty,
            Recommendations = input.Recommendations ?? string.Empty,
            SeenAt = SoapNote.Truncate(input.SeenAt ?? DateTimeOffset.UnixEpoch).UtcDateTime,
            State = input.State ?? SoapNoteState.Final,
        };
        model.Exercises.AddRange((input.ExercisePrescriptions ?? []).Select(e => new ExerciseRow
        {
            ExerciseId = e.ExerciseId ?? 0,
            HoldFor = e.HoldFor ?? string.Empty,
            Instructions = e.Instructions ?? string.Empty,
            Reps = e.Reps ?? 10,
            RestTime = e.RestTime ?? string.Empty,
            Sets = e.Sets ?? 3,
            TimesPerDay = e.TimesPerDay ?? 1,
            TimesPerWeek = e.TimesPerWeek ?? 3,
        }));
        model.ProductIds.AddRange((input.ProductPrescriptions ?? []).Select(p => p.ProductId ?? 0));
        return model;
    }

    public static SoapNoteFormModel From(SoapNote note)
    {
        ArgumentNullException.ThrowIfNull(note);
        var model = new SoapNoteFormModel
        {
            ClientId = note.ClientId,
            Name = note.Name,
            Recommendations = note.Recommendations,
            SeenAt = note.SeenAt.UtcDateTime,
            State = note.State,
        };
        model.Exercises.AddRange(note.ExercisePrescriptions.OrderBy(p => p.Id).Select(p => new ExerciseRow
        {
            ExerciseId = p.ExerciseId,
            HoldFor = p.HoldFor,
            Instructions = p.Instructions,
            Reps = p.Reps,
            RestTime = p.RestTime,
            Sets = p.Sets,
            TimesPerDay = p.TimesPerDay,
            TimesPerWeek = p.TimesPerWeek,
        }));
        model.ProductIds.AddRange(note.ProductPrescriptions.OrderBy(p => p.Id).Select(p => p.ProductId));
        return model;
    }
}
