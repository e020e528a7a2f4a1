using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Simulator.Tests.TestSupport;
using Simulator.Tests.Web.Api;

namespace Simulator.Tests.Core.Persistence;

/// <summary>
/// A <c>simulator-data</c> volume written by the released version (commit bbe9232, EnsureCreated,
/// no migrations) must start under this version and keep what it holds.
/// </summary>
public sealed class StoreUpgradeTests : IDisposable
{
    private static readonly DateTimeOffset Written = new(2026, 3, 20, 9, 30, 0, TimeSpan.Zero);

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"simulator-upgrade-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task A_store_written_by_the_released_version_upgrades_in_place_and_keeps_its_data()
    {
        await WriteReleasedStoreAsync(_path);

        await using var app = new SimulatorAppFactory();
        app.Settings["Storage:Provider"] = "Sqlite";
        app.Settings["Storage:SqlitePath"] = _path;
        app.Boot();
        using var api = app.CreateApiClient();

        var account = await ApiHarness.ReadAsync(await api.GetAsync("/api/account"));
        Assert.Equal(("Released Physio", "Premium"), (account.GetProperty("practice_name").GetString(), account.GetProperty("plan").GetString()));
        var endpoints = await ApiHarness.ReadAsync(await api.GetAsync("/api/webhook-endpoints"));
        Assert.Equal(["http://127.0.0.1:5005/hooks", "http://127.0.0.1:5006/hooks"], endpoints.EnumerateArray().Select(e => e.GetProperty("url").GetString()));
        Assert.Equal("active", endpoints[0].GetProperty("status").GetString());
        var delivery = await ApiHarness.ReadAsync(await api.GetAsync("/api/deliveries/1"));
        Assert.Equal(("failed", 2), (delivery.GetProperty("status").GetString(), delivery.GetProperty("attempt_count").GetInt32()));
        var attempts = delivery.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal([500, 502], attempts.Select(a => a.GetProperty("status_code").GetInt32()));
        Assert.All(attempts, a => Assert.Equal("http://127.0.0.1:5005/hooks", a.GetProperty("url").GetString()));
        var email = Assert.Single((await ApiHarness.ReadAsync(await api.GetAsync("/api/emails"))).EnumerateArray());
        Assert.Equal(("Action required: webhook endpoint is failing", "sent"), (email.GetProperty("subject").GetString(), email.GetProperty("status").GetString()));
        var events = await ApiHarness.ReadAsync(await api.GetAsync("/api/events"));
        Assert.Equal("failed", Assert.Single(events.EnumerateArray()).GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, delivery.GetProperty("fault").ValueKind);
        Assert.Equal("""{"duplicate_rate":0,"concurrent_duplicate_rate":0,"reorder_rate":0,"seed":438}""", await api.GetStringAsync("/api/webhook-endpoints/1/faults"));

        // and it is writable under the new schema
        using var changed = await api.PatchAsJsonAsync("/api/webhook-endpoints/2", new { description = "after the upgrade" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        using var deactivated = await api.PostAsync("/api/webhook-endpoints/1/deactivate", null);
        Assert.Equal(HttpStatusCode.OK, deactivated.StatusCode);
    }

    [Fact]
    public async Task An_upgraded_store_starts_again_without_migrating_twice()
    {
        await WriteReleasedStoreAsync(_path);
        for (var start = 0; start < 2; start++)
        {
            await using var app = new SimulatorAppFactory();
            app.Settings["Storage:Provider"] = "Sqlite";
            app.Settings["Storage:SqlitePath"] = _path;
            app.Boot();
            using var api = app.CreateApiClient();
            Assert.Equal(2, await CountAsync(api, "/api/webhook-endpoints"));
        }
        SqliteConnection.ClearAllPools();
        await using var connection = new SqliteConnection($"Data Source={_path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT group_concat("MigrationId", ',') FROM "__EFMigrationsHistory" """;
        var applied = ((string)(await command.ExecuteScalarAsync())!).Split(',');
        Assert.Equal(5, applied.Length);
        Assert.EndsWith("_Released", applied[0], StringComparison.Ordinal);
        Assert.EndsWith("_FaultLab", applied[2], StringComparison.Ordinal);
        Assert.EndsWith("_DeliveryVersion", applied[3], StringComparison.Ordinal);
        Assert.EndsWith("_EmailHandoff", applied[4], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_migration_lock_left_by_a_killed_start_does_not_stop_the_next_start()
    {
        await WriteReleasedStoreAsync(_path);
        await using (var connection = new SqliteConnection($"Data Source={_path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            // what EF's SQLite lock leaves when the process dies holding it
            command.CommandText = """
                CREATE TABLE "__EFMigrationsLock" ("Id" INTEGER NOT NULL CONSTRAINT "PK___EFMigrationsLock" PRIMARY KEY, "Timestamp" TEXT NOT NULL);
                INSERT INTO "__EFMigrationsLock" ("Id", "Timestamp") VALUES (1, '2026-03-20 09:30:00+00:00');
                """;
            await command.ExecuteNonQueryAsync();
        }

        await using var app = new SimulatorAppFactory();
        app.Settings["Storage:Provider"] = "Sqlite";
        app.Settings["Storage:SqlitePath"] = _path;
        // a guard against a hang (EF would wait for the lock forever), not a timing check
        await Task.Run(app.Boot).WaitAsync(TimeSpan.FromSeconds(90));
        using var api = app.CreateApiClient();

        Assert.Equal(2, await CountAsync(api, "/api/webhook-endpoints"));
    }

    [Fact]
    public async Task A_store_a_development_build_wrote_is_refused_with_a_clear_error_and_left_as_it_was()
    {
        await WriteReleasedStoreAsync(_path);
        // a build between the release and the migrations: EnsureCreated with a column the release did not have, no history
        await using (var connection = new SqliteConnection($"Data Source={_path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """ALTER TABLE "DeliveryAttempts" ADD COLUMN "Url" TEXT NULL;""";
            await command.ExecuteNonQueryAsync();
        }
        var before = await File.ReadAllBytesAsync(_path);

        await using var app = new SimulatorAppFactory();
        app.Settings["Storage:Provider"] = "Sqlite";
        app.Settings["Storage:SqlitePath"] = _path;
        var error = Assert.ThrowsAny<Exception>(app.Boot);

        var refusal = Assert.IsType<InvalidOperationException>(Innermost(error, e => e is InvalidOperationException && e.Message.Contains("migration history", StringComparison.Ordinal)));
        Assert.Contains(_path, refusal.Message, StringComparison.Ordinal);
        Assert.Contains("+DeliveryAttempts.Url", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("Move the file aside", refusal.Message, StringComparison.Ordinal);
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, await File.ReadAllBytesAsync(_path));
    }

    private static Exception? Innermost(Exception error, Func<Exception, bool> match)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (match(e))
            {
                return e;
            }
            if (e is AggregateException aggregate && aggregate.InnerExceptions.Select(i => Innermost(i, match)).FirstOrDefault(i => i is not null) is { } found)
            {
                return found;
            }
        }
        return null;
    }

    private static async Task<int> CountAsync(HttpClient api, string path) => (await ApiHarness.ReadAsync(await api.GetAsync(path))).GetArrayLength();

    /// <summary>The released schema, and rows as the released version wrote them (times as UTC ticks, enums as names).</summary>
    private static async Task WriteReleasedStoreAsync(string path)
    {
        var schema = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Core", "Persistence", "Data", "bbe9232-schema.sql"));
        var t = Written.UtcTicks;
        var payload = """{"created_at":"2026-03-20T09:30:00Z","data":{"object":{"id":1}},"type":"soap_note.created"}""";
        var rows = $"""
            INSERT INTO "Accounts" ("PracticeName", "Plan", "PlanChangedAt") VALUES ('Released Physio', 'Premium', {t});
            INSERT INTO "Users" ("Name", "Email", "Role", "ApiToken") VALUES ('Olivia Owner', 'owner@example.com', 'Owner', 'dev-owner-token');
            INSERT INTO "Users" ("Name", "Email", "Role", "ApiToken") VALUES ('Pat Practitioner', 'pat@example.com', 'Practitioner', 'dev-practitioner-token');
            INSERT INTO "WebhookEndpoints" ("Url", "Description", "ContactEmail", "EnabledEvents", "Status", "StatusReason", "CreatedAt", "UpdatedAt", "FailingSince", "DisableAt")
                VALUES ('http://127.0.0.1:5005/hooks', 'CRM', 'dev@example.com', '["soap_note.created"]', 'Active', NULL, {t}, {t}, NULL, NULL);
            INSERT INTO "WebhookEndpoints" ("Url", "Description", "ContactEmail", "EnabledEvents", "Status", "StatusReason", "CreatedAt", "UpdatedAt", "FailingSince", "DisableAt")
                VALUES ('http://127.0.0.1:5006/hooks', '', 'dev@example.com', '["soap_note.created","soap_note.updated"]', 'Inactive', NULL, {t}, {t}, NULL, NULL);
            INSERT INTO "WebhookEvents" ("Type", "CreatedAt", "ObjectId", "Payload", "IsTest") VALUES ('soap_note.created', {t}, 1, '{payload}', 0);
            INSERT INTO "Deliveries" ("EventId", "EndpointId", "EventType", "IsTest", "Status", "AttemptCount", "CreatedAt", "FirstAttemptAt", "NextAttemptAt", "CompletedAt")
                VALUES (1, 1, 'soap_note.created', 0, 'Failed', 2, {t}, {t}, NULL, {t + TimeSpan.TicksPerMinute});
            INSERT INTO "DeliveryAttempts" ("DeliveryId", "Number", "StartedAt", "DurationMs", "StatusCode", "Error", "ResponseBody", "Succeeded")
                VALUES (1, 1, {t}, 12, 500, NULL, 'boom', 0);
            INSERT INTO "DeliveryAttempts" ("DeliveryId", "Number", "StartedAt", "DurationMs", "StatusCode", "Error", "ResponseBody", "Succeeded")
                VALUES (1, 2, {t + TimeSpan.TicksPerMinute}, 8, 502, NULL, 'bad gateway', 0);
            INSERT INTO "Emails" ("Kind", "EndpointId", "To", "Subject", "Body", "CreatedAt", "SentAt", "Status", "SendAttempts", "LastError")
                VALUES ('EndpointFailing', 1, 'dev@example.com', 'Action required: webhook endpoint is failing', 'body', {t}, {t}, 'Sent', 1, NULL);
            """;
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = schema + rows;
        await command.ExecuteNonQueryAsync();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
