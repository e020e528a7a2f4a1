using Npgsql;
using Simulator.Core.Dispatching;

namespace Simulator.Postgres;

/// <summary>
/// Due work claimed in the store: a row still due and not leased by another live instance is
/// locked (<c>FOR UPDATE SKIP LOCKED</c>: instances claiming at once take disjoint rows without
/// waiting on each other) and leased to this instance, in one statement. The attempt's own
/// transaction follows; the row's version still decides, the lease only keeps the others away.
/// </summary>
internal sealed class PostgresDueClaims(NpgsqlDataSource store, SimulatorInstance me) : IDueClaims
{
    public async Task<IReadOnlySet<long>> ClaimAttemptsAsync(IReadOnlyCollection<long> deliveryIds, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        if (deliveryIds.Count == 0)
        {
            return new HashSet<long>();
        }
        await using var command = store.CreateCommand("""
            UPDATE "Deliveries" SET "LeaseOwner" = @me, "LeaseUntil" = clock_timestamp() + @lease
            WHERE "Id" IN (
                SELECT "Id" FROM "Deliveries"
                WHERE "Id" = ANY(@ids) AND "Status" = 'Pending' AND "NextAttemptAt" <= @at
                  AND ("LeaseUntil" IS NULL OR "LeaseUntil" < clock_timestamp() OR "LeaseOwner" = @me)
                FOR UPDATE SKIP LOCKED)
            RETURNING "Id"
            """);
        command.Parameters.AddWithValue("me", me.Id);
        command.Parameters.AddWithValue("lease", Coordination.Lease);
        command.Parameters.AddWithValue("ids", deliveryIds.ToArray());
        command.Parameters.AddWithValue("at", at.UtcTicks);
        var claimed = new HashSet<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(reader.GetInt64(0));
        }
        return claimed;
    }

    public async Task<bool> ClaimDisablingAsync(int endpointId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var command = store.CreateCommand("""
            UPDATE "WebhookEndpoints" SET "LeaseOwner" = @me, "LeaseUntil" = clock_timestamp() + @lease
            WHERE "Id" IN (
                SELECT "Id" FROM "WebhookEndpoints"
                WHERE "Id" = @id AND "Status" = 'Active' AND "DisableAt" <= @at
                  AND ("LeaseUntil" IS NULL OR "LeaseUntil" < clock_timestamp() OR "LeaseOwner" = @me)
                FOR UPDATE SKIP LOCKED)
            RETURNING "Id"
            """);
        command.Parameters.AddWithValue("me", me.Id);
        command.Parameters.AddWithValue("lease", Coordination.Lease);
        command.Parameters.AddWithValue("id", endpointId);
        command.Parameters.AddWithValue("at", at.UtcTicks);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }
}
