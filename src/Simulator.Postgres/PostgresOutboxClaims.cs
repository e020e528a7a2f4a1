using Npgsql;
using Simulator.Core.Notifications;

namespace Simulator.Postgres;

/// <summary>
/// E-mails claimed in the store: an instance hands an e-mail to the SMTP server only once it holds
/// the e-mail's lease (taken on a row that still waits to be sent and is handed to nobody), and a
/// recorded handoff counts as cut short only when its lease ran out (its instance died inside it):
/// one instance resolves it, the one that claims it.
/// </summary>
internal sealed class PostgresOutboxClaims(NpgsqlDataSource store, SimulatorInstance me) : IOutboxClaims
{
    public async Task<bool> ClaimHandoffAsync(int emailId, CancellationToken cancellationToken = default)
    {
        await using var command = store.CreateCommand("""
            UPDATE "Emails" SET "LeaseOwner" = @me, "LeaseUntil" = clock_timestamp() + @lease
            WHERE "Id" IN (
                SELECT "Id" FROM "Emails"
                WHERE "Id" = @id AND "HandedToSmtpAt" IS NULL AND "Status" IN ('Pending', 'Failed')
                  AND ("LeaseUntil" IS NULL OR "LeaseUntil" < clock_timestamp() OR "LeaseOwner" = @me)
                FOR UPDATE SKIP LOCKED)
            RETURNING "Id"
            """);
        command.Parameters.AddWithValue("me", me.Id);
        command.Parameters.AddWithValue("lease", Coordination.MailLease);
        command.Parameters.AddWithValue("id", emailId);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    public async Task<IReadOnlyCollection<int>?> LostHandoffsAsync(CancellationToken cancellationToken = default)
    {
        await using var command = store.CreateCommand("""
            UPDATE "Emails" SET "LeaseOwner" = @me, "LeaseUntil" = clock_timestamp() + @lease
            WHERE "Id" IN (
                SELECT "Id" FROM "Emails"
                WHERE "HandedToSmtpAt" IS NOT NULL AND ("LeaseUntil" IS NULL OR "LeaseUntil" < clock_timestamp())
                FOR UPDATE SKIP LOCKED)
            RETURNING "Id"
            """);
        command.Parameters.AddWithValue("me", me.Id);
        command.Parameters.AddWithValue("lease", Coordination.MailLease);
        var lost = new List<int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            lost.Add(reader.GetInt32(0));
        }
        return lost;
    }
}
