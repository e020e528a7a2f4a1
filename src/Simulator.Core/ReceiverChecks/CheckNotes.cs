using System.Globalization;
using Bogus;
using Simulator.Core.Domain;
using Simulator.Core.Seeding;

namespace Simulator.Core.ReceiverChecks;

/// <summary>
/// Realistic SOAP notes made for one receiver check and never saved to the account: a catalogue of
/// its own (clients, exercises, products with realistic ids), notes from <see cref="SoapNoteFaker"/>,
/// ids drawn at random per check so that no two notes, cases or checks send the same bytes.
/// </summary>
internal sealed class CheckNotes
{
    public const int LargeNoteExercises = SoapNote.MaxPrescriptions;

    private static readonly string[] Authors = ["Olivia Owner", "Pat Practitioner"];

    private readonly Faker _faker;
    private readonly SoapNoteFaker _notes;
    private readonly List<Client> _clients;
    private readonly List<Exercise> _exercises;
    private readonly List<Product> _products;
    private int _nextNoteId;
    private int _nextPrescriptionId;

    public CheckNotes(int seed)
    {
        _faker = new Faker { Random = new Randomizer(seed) };
        _notes = new SoapNoteFaker(seed);
        var clientId = _faker.Random.Int(10_000, 90_000);
        _clients = [.. Enumerable.Range(0, 10).Select(i => new Client(clientId + (i * 7), Ref(), _faker.Name.FirstName(), _faker.Name.LastName()))];
        var exerciseId = _faker.Random.Int(1_000, 9_000);
        _exercises = [.. PhysiotherapyCatalogue.Exercises.Select((e, i) => new Exercise(exerciseId + i, Ref(), e.Name, e.Tools))];
        var productId = _faker.Random.Int(1_000, 9_000);
        _products = [.. PhysiotherapyCatalogue.Products.Select((p, i) => new Product(productId + i, Ref(), p))];
        _nextNoteId = _faker.Random.Int(100_000, 900_000_000);
        _nextPrescriptionId = _faker.Random.Int(100_000, 900_000_000);
    }

    /// <summary>An ordinary note, written a few minutes before <paramref name="now"/>.</summary>
    public SoapNote Note(DateTimeOffset now) => Create(_notes.Draft(_clients, _exercises, _products, now), Author(), now);

    /// <summary>The same note revised later, as a soap_note.updated carries it.</summary>
    public SoapNote Revise(SoapNote note, DateTimeOffset at)
    {
        if (!note.Revise(_notes.RandomChange(note, _exercises, _products), at))
        {
            note.MarkSaved(at);
        }
        note.Identify(note.Id, () => _nextPrescriptionId++);
        return note;
    }

    /// <summary>A note whose text is far from ASCII: accents, other scripts, an emoji (a surrogate pair).</summary>
    public SoapNote UnicodeNote(DateTimeOffset now)
    {
        var draft = _notes.Draft(_clients, _exercises, _products, now) with
        {
            Name = "Réévaluation épaule – Zoë Ångström-Müller",
            Recommendations = "Glace 15 min ×3/jour, ½ dose d'ibuprofène; Übungen täglich; 毎日ストレッチ; تمارين يومية; 🧊 après l'effort",
        };
        return Create(draft, "Søren Łukasiewicz-Núñez", now);
    }

    /// <summary>A note with the most exercise prescriptions a note may carry (50).</summary>
    public SoapNote LargeNote(DateTimeOffset now)
    {
        var exercises = new List<PrescribedExercise>();
        var draft = _notes.Draft(_clients, _exercises, _products, now);
        while (exercises.Count < LargeNoteExercises)
        {
            exercises.AddRange(_notes.Draft(_clients, _exercises, _products, now).Exercises);
        }
        return Create(draft with { Exercises = exercises[..LargeNoteExercises] }, Author(), now);
    }

    private SoapNote Create(SoapNoteDraft draft, string author, DateTimeOffset now)
    {
        var note = new SoapNote(draft, author, now);
        note.Identify(_nextNoteId, () => _nextPrescriptionId++);
        _nextNoteId += _faker.Random.Int(1, 40);
        return note;
    }

    private string Author() => _faker.PickRandom(Authors);

    private string Ref() => _faker.Random.Int(100000, 999999).ToString(CultureInfo.InvariantCulture);
}
