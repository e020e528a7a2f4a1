using Bogus;
using Microsoft.EntityFrameworkCore;
using Simulator.Core.Domain;
using Simulator.Core.Persistence;

namespace Simulator.Core.Seeding;

/// <summary>
/// Fills an empty store with the simulated account: the contract's two users, a practice,
/// about twenty clients, the exercise and product catalogue, and about ten SOAP notes.
/// </summary>
public static class AccountSeeder
{
    public const string OwnerToken = "dev-owner-token";
    public const string PractitionerToken = "dev-practitioner-token";

    public static async Task SeedAsync(SimulatorDbContext db, SimulatorOptions options, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        if (await db.Accounts.AnyAsync(cancellationToken))
        {
            return;
        }
        var faker = new Faker { Random = new Randomizer(options.Seed) };
        var practice = string.IsNullOrWhiteSpace(options.Account.PracticeName)
            ? faker.PickRandom(PhysiotherapyCatalogue.PracticeNames)
            : options.Account.PracticeName;
        db.Accounts.Add(new Account(practice, options.Account.Plan, now));
        var owner = new User("Olivia Owner", "owner@example.com", Role.Owner, OwnerToken);
        var practitioner = new User("Pat Practitioner", "pat@example.com", Role.Practitioner, PractitionerToken);
        db.Users.AddRange(owner, practitioner);

        var clients = Enumerable.Range(0, 20)
            .Select(_ => new Client(faker.Random.Int(100000, 999999).ToString(System.Globalization.CultureInfo.InvariantCulture), faker.Name.FirstName(), faker.Name.LastName()))
            .ToList();
        var exercises = PhysiotherapyCatalogue.Exercises
            .Select(e => new Exercise(faker.Random.Int(100000, 999999).ToString(System.Globalization.CultureInfo.InvariantCulture), e.Name, e.Tools))
            .ToList();
        var products = PhysiotherapyCatalogue.Products
            .Select(p => new Product(faker.Random.Int(100000, 999999).ToString(System.Globalization.CultureInfo.InvariantCulture), p))
            .ToList();
        db.Clients.AddRange(clients);
        db.Exercises.AddRange(exercises);
        db.Products.AddRange(products);
        await db.SaveChangesAsync(cancellationToken);

        // Ten notes over the last fortnight, oldest first; no events: they predate every endpoint.
        var notes = new SoapNoteFaker(options.Seed);
        var authors = new[] { owner.Name, practitioner.Name };
        var seeded = new List<(SoapNote Note, DateTimeOffset At)>();
        for (var i = options.SeedSoapNotes; i >= 1; i--)
        {
            var at = SoapNote.Truncate(now - TimeSpan.FromHours(i * 30) - TimeSpan.FromMinutes(faker.Random.Int(0, 59)));
            var note = new SoapNote(notes.Draft(clients, exercises, products, at), faker.PickRandom(authors), at);
            db.SoapNotes.Add(note);
            seeded.Add((note, at));
        }
        await db.SaveChangesAsync(cancellationToken);

        // A few notes were revised later the same day, so "the last updated note" exists too.
        foreach (var (note, at) in seeded.Where((_, i) => i % 3 == 1))
        {
            note.Revise(notes.RandomChange(note, exercises, products), at + TimeSpan.FromMinutes(faker.Random.Int(20, 180)));
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
