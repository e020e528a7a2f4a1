using Npgsql;

namespace Simulator.Postgres;

/// <summary>
/// The clock row (<c>"SharedClock"</c>, one row) and its changes. Each change is written on the
/// server's clock (<c>clock_timestamp()</c>), so instances on machines whose clocks differ still
/// agree, and notified on <see cref="Coordination.ClockChannel"/> in the same transaction (a
/// notification goes out when its transaction commits). Simulated time never goes back: a new
/// anchor is at least the time the row says now.
/// </summary>
internal sealed class SharedClockStore(NpgsqlDataSource store, SimulatorInstance me)
{
    private const string Columns = """ "AnchorTicks", "AnchorAt", "Speed", "Generation", clock_timestamp(), "AdvanceOwner" IS NOT NULL AND "AdvanceUntil" > clock_timestamp() """;

    public async Task<SharedClockState?> ReadAsync(CancellationToken cancellationToken = default)
    {
        await using var command = store.CreateCommand($"""SELECT {Columns} FROM "SharedClock" WHERE "Id" = 1""");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>At start (and for the clock's construction): the row, if the store has one yet.</summary>
    public SharedClockState? TryRead()
    {
        try
        {
            using var command = store.CreateCommand($"""SELECT {Columns} FROM "SharedClock" WHERE "Id" = 1""");
            using var reader = command.ExecuteReader();
            return reader.Read() ? Read(reader) : null;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null; // a new store: the migrations have not run yet
        }
    }

    /// <summary>Creates the row from this instance's clock unless another instance did first; returns the row.</summary>
    public async Task<SharedClockState> EnsureAsync(DateTimeOffset now, double speed, CancellationToken cancellationToken = default)
    {
        await using (var command = store.CreateCommand("""
            INSERT INTO "SharedClock" ("Id", "AnchorTicks", "AnchorAt", "Speed", "Generation") VALUES (1, @ticks, clock_timestamp(), @speed, 0)
            ON CONFLICT ("Id") DO NOTHING
            """))
        {
            command.Parameters.AddWithValue("ticks", now.UtcTicks);
            command.Parameters.AddWithValue("speed", speed);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        return await ReadAsync(cancellationToken) ?? throw new InvalidOperationException("The shared clock's row is missing right after it was written.");
    }

    /// <summary>
    /// Sets the clock: simulated time <paramref name="at"/> now (or the row's own now, if that is later), running at
    /// <paramref name="speed"/> (unchanged when null). Returns the row as written.
    /// </summary>
    public async Task<SharedClockState> SetAsync(DateTimeOffset at, double? speed, CancellationToken cancellationToken = default)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        SharedClockState current;
        await using (var read = new NpgsqlCommand($"""SELECT {Columns} FROM "SharedClock" WHERE "Id" = 1 FOR UPDATE""", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new InvalidOperationException("The shared clock has no row: the store was not started by a simulator.");
            }
            current = Read(reader);
        }
        var anchor = Math.Max(at.UtcTicks, current.Now.UtcTicks);
        var written = current with { AnchorTicks = anchor, AnchorAt = current.ReadAt, Speed = speed ?? current.Speed, Generation = current.Generation + 1 };
        await using (var write = new NpgsqlCommand("""
            UPDATE "SharedClock" SET "AnchorTicks" = @ticks, "AnchorAt" = @at, "Speed" = @speed, "Generation" = @generation WHERE "Id" = 1;
            SELECT pg_notify(@channel, @generation::text);
            """, connection, transaction))
        {
            write.Parameters.AddWithValue("ticks", written.AnchorTicks);
            write.Parameters.AddWithValue("at", written.AnchorAt);
            write.Parameters.AddWithValue("speed", written.Speed);
            write.Parameters.AddWithValue("generation", written.Generation);
            write.Parameters.AddWithValue("channel", Coordination.ClockChannel);
            await write.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return written;
    }

    /// <summary>Takes the advance (one at a time across instances) unless another live one holds it; renews it when this instance does.</summary>
    public async Task<bool> TryTakeAdvanceAsync(DateTimeOffset target, CancellationToken cancellationToken = default)
    {
        await using var command = store.CreateCommand("""
            UPDATE "SharedClock" SET "AdvanceOwner" = @me, "AdvanceUntil" = clock_timestamp() + @lease, "AdvanceTarget" = @target
            WHERE "Id" = 1 AND ("AdvanceOwner" IS NULL OR "AdvanceUntil" < clock_timestamp() OR "AdvanceOwner" = @me)
            """);
        command.Parameters.AddWithValue("me", me.Id);
        command.Parameters.AddWithValue("lease", Coordination.Lease);
        command.Parameters.AddWithValue("target", target.UtcTicks);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task ReleaseAdvanceAsync()
    {
        await using var command = store.CreateCommand("""
            UPDATE "SharedClock" SET "AdvanceOwner" = NULL, "AdvanceUntil" = NULL, "AdvanceTarget" = NULL WHERE "Id" = 1 AND "AdvanceOwner" = @me;
            SELECT pg_notify(@channel, 'advanced');
            """);
        command.Parameters.AddWithValue("me", me.Id);
        command.Parameters.AddWithValue("channel", Coordination.ClockChannel);
        await command.ExecuteNonQueryAsync();
    }

    private static SharedClockState Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetFieldValue<DateTime>(1),
        reader.GetDouble(2),
        reader.GetInt64(3),
        reader.GetFieldValue<DateTime>(4),
        reader.GetBoolean(5));
}
