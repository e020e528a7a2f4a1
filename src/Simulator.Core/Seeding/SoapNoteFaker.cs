using Bogus;
using Simulator.Core.Domain;

namespace Simulator.Core.Seeding;

/// <summary>
/// Makes realistic physiotherapy SOAP notes, and realistic changes to them, from the account's
/// clients and catalogue. Deterministic for a given seed.
/// </summary>
public sealed class SoapNoteFaker(int seed)
{
    private readonly Faker _faker = new() { Random = new Randomizer(seed) };
    private readonly Lock _gate = new();

    public SoapNoteDraft Draft(
        IReadOnlyList<Client> clients,
        IReadOnlyList<Exercise> exercises,
        IReadOnlyList<Product> products,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(exercises);
        ArgumentNullException.ThrowIfNull(products);
        if (clients.Count == 0 || exercises.Count == 0)
        {
            throw new InvalidOperationException("The account needs clients and exercises before SOAP notes can be generated.");
        }
        lock (_gate)
        {
            var f = _faker;
            var chosenExercises = f.PickRandom(exercises, f.Random.Int(1, Math.Min(4, exercises.Count)))
                .Select(e => new PrescribedExercise(e, Dosage()))
                .ToList();
            var chosenProducts = products.Count == 0 ? [] : f.PickRandom(products, f.Random.Int(0, Math.Min(2, products.Count))).ToList();
            var seenAt = now - TimeSpan.FromMinutes(f.Random.Int(2, 50));
            return new SoapNoteDraft(
                f.PickRandom(clients.ToList()),
                f.PickRandom(PhysiotherapyCatalogue.NoteNames),
                RecommendationText(),
                SoapNote.Truncate(seenAt),
                f.Random.Bool(0.7f) ? SoapNoteState.Final : SoapNoteState.Draft,
                chosenExercises,
                chosenProducts);
        }
    }

    /// <summary>A plausible edit: finalise a draft, change a dosage, add advice, prescribe another exercise.</summary>
    public SoapNoteRevision RandomChange(SoapNote note, IReadOnlyList<Exercise> exercises, IReadOnlyList<Product> products)
    {
        ArgumentNullException.ThrowIfNull(note);
        ArgumentNullException.ThrowIfNull(exercises);
        lock (_gate)
        {
            var f = _faker;
            if (note.State == SoapNoteState.Draft && f.Random.Bool(0.5f))
            {
                return new SoapNoteRevision { State = SoapNoteState.Final };
            }
            switch (f.Random.Int(0, 2))
            {
                case 0 when note.ExercisePrescriptions.Count > 0:
                    var prescription = f.PickRandom(note.ExercisePrescriptions.ToList());
                    var dosage = prescription.Dosage with
                    {
                        Reps = Math.Max(1, prescription.Reps + f.Random.Int(1, 5)),
                        Sets = Math.Clamp(prescription.Sets + f.Random.Int(-1, 1), 1, 5),
                    };
                    return new SoapNoteRevision { DosageChanges = [new(prescription.Id, dosage)] };
                case 1 when exercises.Count > 0 && note.ExercisePrescriptions.Count < SoapNote.MaxPrescriptions:
                    // each kept as it is: its exercise id, ref, name and tools may be ones the catalogue does not have
                    var kept = note.ExercisePrescriptions
                        .Select(p => new PrescribedExercise(new Exercise(p.ExerciseId, p.ExerciseExternalRef, p.Name, p.Tools), p.Dosage))
                        .ToList();
                    kept.Add(new PrescribedExercise(f.PickRandom(exercises.ToList()), Dosage()));
                    return new SoapNoteRevision { Exercises = kept };
                default:
                    var extra = f.PickRandom(PhysiotherapyCatalogue.Recommendations);
                    var text = string.IsNullOrEmpty(note.Recommendations) ? extra : $"{note.Recommendations}, {extra}";
                    return new SoapNoteRevision { Recommendations = text.Length > SoapNote.MaxRecommendationsLength ? extra : text };
            }
        }
    }

    /// <summary>A ref in the practice's own system, as the seeded ones are: six digits.</summary>
    public string ExternalRef()
    {
        lock (_gate)
        {
            return _faker.Random.Int(100000, 999999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>One of <paramref name="items"/>, at random.</summary>
    public T Pick<T>(IReadOnlyList<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        lock (_gate)
        {
            return items[_faker.Random.Int(0, items.Count - 1)];
        }
    }

    private ExerciseDosage Dosage()
    {
        var f = _faker;
        var holds = f.Random.Bool(0.6f);
        return new ExerciseDosage(
            HoldFor: holds ? f.PickRandom(PhysiotherapyCatalogue.Durations) : "",
            Instructions: f.PickRandom(PhysiotherapyCatalogue.Instructions),
            Reps: holds ? f.Random.Int(1, 5) : f.Random.Int(5, 15),
            RestTime: f.PickRandom(PhysiotherapyCatalogue.Durations[2..]),
            Sets: f.Random.Int(1, 4),
            TimesPerDay: f.Random.Int(1, 3),
            TimesPerWeek: f.Random.Int(2, 7));
    }

    private string RecommendationText() =>
        string.Join(", ", _faker.PickRandom(PhysiotherapyCatalogue.Recommendations, _faker.Random.Int(1, 3)));
}
