using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Simulator.Core.Domain;
using Simulator.Core.Persistence;
using Simulator.Core.SoapNotes;

namespace Simulator.Tests.Core.Persistence;

/// <summary>
/// Two notes made from one draft, one saved through EF Core's change tracking and one through
/// <see cref="TransitionWrites.WriteNoteAsync"/>, and their rows as the store holds them (every
/// column, as the provider returns it), so a test can ask that they are the same but for their ids.
/// </summary>
internal static class NoteTwins
{
    public static async Task<(SoapNote Tracked, SoapNote Lean)> WriteAsync(IDbContextFactory<SimulatorDbContext> factory, SoapNoteCatalogue catalogue, DateTimeOffset now)
    {
        var draft = new SoapNoteDraft(
            catalogue.Clients[0],
            "  Knee rehab, week 3 ",
            "Ice after \"every\" session; stairs ✓",
            now.AddMinutes(-42).AddMilliseconds(345),
            SoapNoteState.Final,
            [new PrescribedExercise(catalogue.Exercises[0], new ExerciseDosage("10 seconds", "Slowly", 12, "30 seconds", 3, 2, 5)),
             new PrescribedExercise(catalogue.Exercises[1], new ExerciseDosage("", "", 8, "1 minute", 2, 1, 3))],
            [catalogue.Products[0]])
        {
            CreatedAt = now.AddDays(-1),
        };
        var tracked = new SoapNote(draft, "Olivia Owner", now);
        var lean = new SoapNote(draft, "Olivia Owner", now);
        await using (var db = await factory.CreateDbContextAsync())
        {
            db.SoapNotes.Add(tracked);
            await db.SaveChangesAsync();
        }
        await using (var db = await factory.CreateDbContextAsync())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.Transitions.WriteNoteAsync(db, lean, CancellationToken.None);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }
        return (tracked, lean);
    }

    /// <summary>Every column of the rows with <paramref name="key"/> = <paramref name="id"/>, in column order, as the provider returns them.</summary>
    public static async Task<List<Dictionary<string, object?>>> RowsAsync(IDbContextFactory<SimulatorDbContext> factory, Type entity, string key, long id)
    {
        await using var db = await factory.CreateDbContextAsync();
        var type = db.Model.FindEntityType(entity)!;
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        var column = type.FindProperty(key)!.GetColumnName();
        command.CommandText = $"SELECT * FROM \"{type.GetTableName()}\" WHERE \"{column}\" = {id} ORDER BY \"Id\"";
        var rows = new List<Dictionary<string, object?>>();
        await using DbDataReader reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
        }
        return rows;
    }

    /// <summary>The rows without the columns that hold the ids the store gave.</summary>
    public static List<Dictionary<string, object?>> WithoutIds(IEnumerable<Dictionary<string, object?>> rows) =>
        rows.Select(r => r.Where(c => c.Key is not ("Id" or "SoapNoteId")).ToDictionary()).ToList();
}
