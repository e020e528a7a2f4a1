using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Simulator.Bench;

/// <summary>
/// Writes waiting deliveries straight into a simulator's SQLite file, with raw SQL in batches: for
/// each event, a copy of the newest waiting delivery's event row (its payload as the simulator wrote
/// it), one delivery per endpoint copied from that delivery (pending, one attempt made, the next an
/// hour ahead) and a copy of its attempt (the 500 with its 4 KB answer). Copying rows the simulator
/// wrote keeps every column's format its own.
/// </summary>
public static class WaitingStoreWriter
{
    private const int Batch = 10_000;

    public sealed record Written(int Deliveries, long FileBytes, int PayloadChars, int ResponseBodyChars);

    public static async Task<Written> WriteAsync(string path, int deliveries, TextWriter log)
    {
        SqliteConnection.ClearAllPools();
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await ExecuteAsync(connection, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;");

        var delivery = await ReadRowAsync(connection, """SELECT * FROM "Deliveries" WHERE "NextAttemptAt" IS NOT NULL ORDER BY "Id" DESC LIMIT 1""");
        var deliveryId = Convert.ToInt64(delivery["Id"], CultureInfo.InvariantCulture);
        var attempt = await ReadRowAsync(connection, $"""SELECT * FROM "DeliveryAttempts" WHERE "DeliveryId" = {deliveryId}""");
        var webhookEvent = await ReadRowAsync(connection, $"""SELECT * FROM "WebhookEvents" WHERE "Id" = {Convert.ToInt64(delivery["EventId"], CultureInfo.InvariantCulture)}""");
        var endpointIds = new List<long>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """SELECT DISTINCT "EndpointId" FROM "Deliveries" ORDER BY 1""";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                endpointIds.Add(reader.GetInt64(0));
            }
        }

        using var insertEvent = Insert(connection, "WebhookEvents", webhookEvent);
        using var insertDelivery = Insert(connection, "Deliveries", delivery);
        using var insertAttempt = Insert(connection, "DeliveryAttempts", attempt);
        var lastId = connection.CreateCommand();
        lastId.CommandText = "SELECT last_insert_rowid()";
        var written = 0;
        while (written < deliveries)
        {
            await using var transaction = connection.BeginTransaction();
            foreach (var command in new[] { insertEvent, insertDelivery, insertAttempt, lastId })
            {
                command.Transaction = transaction;
            }
            for (var inBatch = 0; inBatch < Batch && written < deliveries;)
            {
                await insertEvent.ExecuteNonQueryAsync();
                var eventId = (long)(await lastId.ExecuteScalarAsync())!;
                for (var e = 0; e < endpointIds.Count && written < deliveries; e++, inBatch++, written++)
                {
                    insertDelivery.Parameters["$EventId"].Value = eventId;
                    insertDelivery.Parameters["$EndpointId"].Value = endpointIds[e];
                    await insertDelivery.ExecuteNonQueryAsync();
                    insertAttempt.Parameters["$DeliveryId"].Value = (long)(await lastId.ExecuteScalarAsync())!;
                    await insertAttempt.ExecuteNonQueryAsync();
                }
            }
            await transaction.CommitAsync();
            if (written % 200_000 < Batch)
            {
                log.WriteLine($"    {written} deliveries written");
            }
        }
        lastId.Dispose();
        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;");
        return new Written(written, new FileInfo(path).Length, ((string)webhookEvent["Payload"]).Length, ((string)attempt["ResponseBody"]).Length);
    }

    private static async Task<Dictionary<string, object>> ReadRowAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            throw new InvalidOperationException("No row for: " + sql);
        }
        var row = new Dictionary<string, object>();
        for (var i = 0; i < reader.FieldCount; i++)
        {
            row[reader.GetName(i)] = reader.GetValue(i);
        }
        return row;
    }

    // INSERT INTO table (every column but Id) VALUES ($column, ...), the template's values bound
    private static SqliteCommand Insert(SqliteConnection connection, string table, Dictionary<string, object> template)
    {
        var columns = template.Keys.Where(c => c != "Id").ToList();
        var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select(c => "$" + c))})";
        foreach (var column in columns)
        {
            command.Parameters.AddWithValue("$" + column, template[column]);
        }
        return command;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
