using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Simulator.Bench;

/// <summary>
/// The limit with the simulator's durability and nothing else: the bare loop's posts, each delivery's
/// row written when its event is raised (one transaction per event), its attempt recorded as started
/// before the POST and its outcome after it, through one writer that commits whatever arrived
/// together (a group commit, as the delivery journal does) with prepared statements on a SQLite file
/// in WAL mode (<c>synchronous=NORMAL</c>, the SQLite store's setting). No EF Core, no clock, no
/// schedule, no slots per endpoint, no retries: what a transition costs when written lean, so that
/// the gap between this and the simulator is the simulator's own layering.
/// </summary>
public static class DurableBareLoop
{
    /// <summary>Deliveries per second, from the first event's rows to the last outcome committed.</summary>
    public static async Task<double> RunAsync(IReadOnlyList<byte[]> bodies, IReadOnlyList<string> urls, int concurrency)
    {
        var file = Path.Combine(Path.GetTempPath(), $"insim-durable-loop-{Guid.NewGuid():N}.db");
        try
        {
            return await RunAsync(file, bodies, urls, concurrency);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(path);
            }
        }
    }

    private static async Task<double> RunAsync(string file, IReadOnlyList<byte[]> bodies, IReadOnlyList<string> urls, int concurrency)
    {
        var targets = urls.Select(u => new Uri(u)).ToArray();
        await using var writer = await Writer.OpenAsync(file);
        using var handler = BareClient.NewHandler();
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var total = (long)bodies.Count * targets.Length;
        var raised = Channel.CreateUnbounded<long>();
        var failures = 0L;
        var started = Stopwatch.GetTimestamp();

        // the events raised: each one's deliveries written in one transaction, then handed to the senders
        var raising = Task.Run(async () =>
        {
            for (var e = 0; e < bodies.Count; e++)
            {
                var first = (long)e * targets.Length;
                await writer.WriteAsync(new Change(Kind.Raised, first, targets.Length));
                for (var k = 0; k < targets.Length; k++)
                {
                    raised.Writer.TryWrite(first + k);
                }
            }
            raised.Writer.Complete();
        });
        var senders = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            await foreach (var i in raised.Reader.ReadAllAsync())
            {
                await writer.WriteAsync(new Change(Kind.Started, i, 0));
                var watch = Stopwatch.GetTimestamp();
                var status = await BareClient.PostAsync(client, targets[i % targets.Length], bodies[(int)(i / targets.Length)]);
                if (status is < 200 or > 299)
                {
                    Interlocked.Increment(ref failures);
                }
                await writer.WriteAsync(new Change(Kind.Completed, i, status) { Milliseconds = (int)Stopwatch.GetElapsedTime(watch).TotalMilliseconds });
            }
        })).ToArray();
        await raising;
        await Task.WhenAll(senders);
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (failures > 0)
        {
            throw new InvalidOperationException($"The durable loop had {failures} failed posts.");
        }
        var written = await writer.CountSucceededAsync();
        if (written != total)
        {
            throw new InvalidOperationException($"The durable loop recorded {written} succeeded deliveries of {total}.");
        }
        return total / elapsed.TotalSeconds;
    }

    private enum Kind
    {
        Raised,
        Started,
        Completed,
    }

    private sealed record Change(Kind Kind, long Id, int Value)
    {
        public int Milliseconds { get; init; }

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The one writer: whatever changes arrived together, in one transaction, by prepared statements.</summary>
    private sealed class Writer : IAsyncDisposable
    {
        private const int MaxGroup = 256;

        private readonly SqliteConnection _connection;
        private readonly Channel<Change> _changes = Channel.CreateUnbounded<Change>(new UnboundedChannelOptions { SingleReader = true });
        private readonly SqliteCommand _insertDelivery;
        private readonly SqliteCommand _insertAttempt;
        private readonly SqliteCommand _completeAttempt;
        private readonly SqliteCommand _updateDelivery;
        private Task _loop = Task.CompletedTask;

        private Writer(SqliteConnection connection)
        {
            _connection = connection;
            _insertDelivery = Prepare("INSERT INTO deliveries (id, status, attempt_count, version) VALUES ($id, 'pending', 0, 0)", "$id");
            _insertAttempt = Prepare("INSERT INTO attempts (delivery_id, number, state, started_at) VALUES ($d, 1, 'in_flight', $at)", "$d", "$at");
            _completeAttempt = Prepare("UPDATE attempts SET state = 'completed', status_code = $code, duration_ms = $ms WHERE delivery_id = $d AND number = 1", "$code", "$ms", "$d");
            _updateDelivery = Prepare("UPDATE deliveries SET status = $s, attempt_count = $n, version = version + 1 WHERE id = $id AND version = $v", "$s", "$n", "$id", "$v");
        }

        public static async Task<Writer> OpenAsync(string file)
        {
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
            await connection.OpenAsync();
            await using (var setup = connection.CreateCommand())
            {
                setup.CommandText = """
                    PRAGMA journal_mode=WAL;
                    PRAGMA synchronous=NORMAL;
                    CREATE TABLE deliveries (id INTEGER PRIMARY KEY, status TEXT NOT NULL, attempt_count INTEGER NOT NULL, version INTEGER NOT NULL);
                    CREATE TABLE attempts (id INTEGER PRIMARY KEY AUTOINCREMENT, delivery_id INTEGER NOT NULL, number INTEGER NOT NULL,
                        state TEXT NOT NULL, started_at INTEGER NOT NULL, status_code INTEGER, duration_ms INTEGER);
                    CREATE UNIQUE INDEX attempts_delivery ON attempts (delivery_id, number);
                    """;
                await setup.ExecuteNonQueryAsync();
            }
            var writer = new Writer(connection);
            writer._loop = Task.Run(writer.LoopAsync);
            return writer;
        }

        public Task WriteAsync(Change change)
        {
            _changes.Writer.TryWrite(change);
            return change.Done.Task;
        }

        public async Task<long> CountSucceededAsync()
        {
            _changes.Writer.TryComplete();
            await _loop;
            await using var count = _connection.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM deliveries WHERE status = 'succeeded'";
            return (long)(await count.ExecuteScalarAsync())!;
        }

        public async ValueTask DisposeAsync()
        {
            _changes.Writer.TryComplete();
            await _loop;
            foreach (var command in new[] { _insertDelivery, _insertAttempt, _completeAttempt, _updateDelivery })
            {
                await command.DisposeAsync();
            }
            await _connection.DisposeAsync();
        }

        private SqliteCommand Prepare(string sql, params string[] parameters)
        {
            var command = _connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }
            return command;
        }

        private async Task LoopAsync()
        {
            var group = new List<Change>(MaxGroup);
            while (await _changes.Reader.WaitToReadAsync())
            {
                group.Clear();
                while (group.Count < MaxGroup && _changes.Reader.TryRead(out var change))
                {
                    group.Add(change);
                }
                try
                {
                    using var transaction = _connection.BeginTransaction();
                    foreach (var command in new[] { _insertDelivery, _insertAttempt, _completeAttempt, _updateDelivery })
                    {
                        command.Transaction = transaction;
                    }
                    foreach (var change in group)
                    {
                        Apply(change);
                    }
                    transaction.Commit();
                    group.ForEach(c => c.Done.TrySetResult());
                }
                catch (Exception ex)
                {
                    group.ForEach(c => c.Done.TrySetException(ex));
                }
            }
        }

        private void Apply(Change change)
        {
            switch (change.Kind)
            {
                case Kind.Raised:
                    for (var k = 0; k < change.Value; k++)
                    {
                        _insertDelivery.Parameters[0].Value = change.Id + k;
                        _insertDelivery.ExecuteNonQuery();
                    }
                    break;
                case Kind.Started:
                    _insertAttempt.Parameters[0].Value = change.Id;
                    _insertAttempt.Parameters[1].Value = Stopwatch.GetTimestamp();
                    _insertAttempt.ExecuteNonQuery();
                    UpdateDelivery(change.Id, "pending", attempts: 1, version: 0);
                    break;
                case Kind.Completed:
                    _completeAttempt.Parameters[0].Value = change.Value;
                    _completeAttempt.Parameters[1].Value = change.Milliseconds;
                    _completeAttempt.Parameters[2].Value = change.Id;
                    _completeAttempt.ExecuteNonQuery();
                    UpdateDelivery(change.Id, change.Value is >= 200 and < 300 ? "succeeded" : "failed", attempts: 1, version: 1);
                    break;
            }
        }

        private void UpdateDelivery(long id, string status, int attempts, long version)
        {
            _updateDelivery.Parameters[0].Value = status;
            _updateDelivery.Parameters[1].Value = attempts;
            _updateDelivery.Parameters[2].Value = id;
            _updateDelivery.Parameters[3].Value = version;
            if (_updateDelivery.ExecuteNonQuery() != 1)
            {
                throw new InvalidOperationException($"Delivery {id} was not at version {version}.");
            }
        }
    }
}
