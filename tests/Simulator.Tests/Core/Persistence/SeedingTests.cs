using Microsoft.EntityFrameworkCore;
using Simulator.Core;
using Simulator.Core.Domain;
using Simulator.Core.Seeding;

namespace Simulator.Tests.Core.Persistence;

public sealed class SeedingTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 26, 14, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(StorageProvider.InMemory)]
    [InlineData(StorageProvider.Sqlite)]
    public async Task Seeding_gives_the_contract_users_clients_catalogue_and_ten_notes(StorageProvider provider)
    {
        using var store = await TestStore.CreateAsync(provider);
        await using (var db = store.NewContext())
        {
            await AccountSeeder.SeedAsync(db, new SimulatorOptions(), Now);
        }

        await using var read = store.NewContext();
        var account = await read.Accounts.SingleAsync();
        Assert.Equal(Plan.Standard, account.Plan);
        Assert.False(string.IsNullOrWhiteSpace(account.PracticeName));
        Assert.Equal(
            [
                ("Olivia Owner", "owner@example.com", Role.Owner, "dev-owner-token"),
                ("Pat Practitioner", "pat@example.com", Role.Practitioner, "dev-practitioner-token"),
            ],
            (await read.Users.OrderBy(u => u.Id).ToListAsync()).Select(u => (u.Name, u.Email, u.Role, u.ApiToken)));
        Assert.Equal(20, await read.Clients.CountAsync());
        Assert.Equal(PhysiotherapyCatalogue.Exercises.Length, await read.Exercises.CountAsync());
        Assert.Equal(PhysiotherapyCatalogue.Products.Length, await read.Products.CountAsync());
        var notes = await read.SoapNotes.Include(n => n.ExercisePrescriptions).ToListAsync();
        Assert.Equal(10, notes.Count);
        Assert.All(notes, n => Assert.True(n.CreatedAt < Now && n.ExercisePrescriptions.Count > 0));
        Assert.Contains(notes, n => n.UpdatedAt > n.CreatedAt);
        Assert.Empty(await read.WebhookEvents.ToListAsync());
        Assert.Empty(await read.WebhookEndpoints.ToListAsync());
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_data_and_another_seed_other_data()
    {
        var first = await SeededDataAsync(StorageProvider.InMemory, seed: 438);
        var again = await SeededDataAsync(StorageProvider.Sqlite, seed: 438);
        var other = await SeededDataAsync(StorageProvider.InMemory, seed: 439);

        Assert.Equal(first.Clients, again.Clients);
        Assert.Equal(first.Exercises, again.Exercises);
        Assert.Equal(first.Notes, again.Notes);
        Assert.Equal(first.Practice, again.Practice);
        Assert.NotEqual(first.Clients, other.Clients);
        Assert.NotEqual(first.Notes, other.Notes);
    }

    [Fact]
    public async Task Seeding_a_seeded_store_adds_nothing()
    {
        using var store = await TestStore.CreateAsync(StorageProvider.Sqlite);
        await using (var db = store.NewContext())
        {
            await AccountSeeder.SeedAsync(db, new SimulatorOptions(), Now);
        }
        await using (var db = store.NewContext())
        {
            await AccountSeeder.SeedAsync(db, new SimulatorOptions { Seed = 1 }, Now.AddDays(1));
        }

        await using var read = store.NewContext();
        Assert.Equal((1, 2, 20, 10), (await read.Accounts.CountAsync(), await read.Users.CountAsync(), await read.Clients.CountAsync(), await read.SoapNotes.CountAsync()));
    }

    private static async Task<(string Practice, List<string> Clients, List<string> Exercises, List<string> Notes)> SeededDataAsync(StorageProvider provider, int seed)
    {
        using var store = await TestStore.CreateAsync(provider);
        await using (var db = store.NewContext())
        {
            await AccountSeeder.SeedAsync(db, new SimulatorOptions { Seed = seed }, Now);
        }
        await using var read = store.NewContext();
        var clients = await read.Clients.OrderBy(c => c.Id).Select(c => c.ExternalRef + " " + c.FirstName + " " + c.LastName).ToListAsync();
        var exercises = await read.Exercises.OrderBy(e => e.Id).Select(e => e.ExternalRef + " " + e.Name).ToListAsync();
        var notes = (await read.SoapNotes.Include(n => n.ExercisePrescriptions).OrderBy(n => n.Id).ToListAsync())
            .Select(n => $"{n.ClientExternalRef} {n.Name} {n.State} {n.CreatedAt:O} {n.UpdatedAt:O} {n.Recommendations} {string.Join("|", n.ExercisePrescriptions.OrderBy(p => p.Id).Select(p => p.Name + p.Dosage))}")
            .ToList();
        return ((await read.Accounts.SingleAsync()).PracticeName, clients, exercises, notes);
    }
}
