using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Simulator.Core.Domain;

namespace Simulator.Core.Persistence;

/// <summary>
/// The hot transitions of a unit of work, written without change tracking: an attempt started (its
/// row inserted, its delivery's row updated) and an attempt's outcome (both rows updated). The
/// domain objects make the transition (<see cref="Delivery.BeginAttempt"/>,
/// <see cref="Delivery.CompleteAttempt"/>); this writes the rows they changed, in the save's own
/// transaction, with one command per statement kind reused for the whole group. A delivery row
/// whose <see cref="Delivery.Version"/> moved since it was read refuses the save as EF Core would
/// (<see cref="DbUpdateConcurrencyException"/>). <see cref="CommitWatch"/> hands the rows to the
/// observers with the tracked ones, so what follows a commit is still derived in one place.
/// </summary>
public sealed class TransitionWrites
{
    private readonly List<(Delivery Delivery, DeliveryAttempt Attempt, bool Started)> _pending = [];
    private readonly List<Delivery> _created = [];
    private readonly List<WebhookEvent> _raised = [];

    // rows already written in the current transaction (a new note and its prescriptions), for the commit's observers
    private readonly List<object> _written = [];

    /// <summary>A new delivery of an event added to the same unit of work (a fan-out): inserted after the tracked rows.</summary>
    public void Created(Delivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (delivery.Id != 0 || delivery.AttemptCount != 0)
        {
            throw new ArgumentException($"Delivery {delivery.Id} is not new.", nameof(delivery));
        }
        _created.Add(delivery);
    }

    /// <summary>A new event (a note's fan-out): inserted by the save after the tracked rows, before the new deliveries.</summary>
    public void Raised(WebhookEvent webhookEvent)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        if (webhookEvent.Id != 0)
        {
            throw new ArgumentException($"Event {webhookEvent.Id} is not new.", nameof(webhookEvent));
        }
        _raised.Add(webhookEvent);
    }

    /// <summary>
    /// Inserts a new SOAP note and its prescriptions now, in the context's current transaction (the
    /// store's ids are in them when this returns: the event's body carries them); the commit's
    /// observers hear of them with the rest of the unit of work, which a save must follow.
    /// </summary>
    public async Task WriteNoteAsync(DbContext db, SoapNote note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(note);
        if (note.Id != 0)
        {
            throw new ArgumentException($"SOAP note {note.Id} is not new.", nameof(note));
        }
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("A note is written inside the save's transaction.");
        var sql = Statements.For(db.Model);
        await using (var insert = sql.NoteRow.Command(transaction))
        {
            await sql.NoteRow.InsertAsync(insert, note, cancellationToken);
        }
        _written.Add(note);
        await WriteAllAsync(transaction, sql.ExerciseRow, note.Id, note.ExercisePrescriptions, cancellationToken);
        await WriteAllAsync(transaction, sql.ProductRow, note.Id, note.ProductPrescriptions, cancellationToken);
    }

    /// <summary>Attempt <paramref name="attempt"/> of a delivery read earlier (not tracked) has started.</summary>
    public void Started(Delivery delivery, DeliveryAttempt attempt) => Add(delivery, attempt, started: true);

    /// <summary>Attempt <paramref name="attempt"/> of a delivery read earlier (not tracked) has its outcome.</summary>
    public void Completed(Delivery delivery, DeliveryAttempt attempt) => Add(delivery, attempt, started: false);

    internal bool IsEmpty => _pending.Count == 0 && _created.Count == 0 && _raised.Count == 0 && _written.Count == 0;

    /// <summary>The rows the writes change, as the commit's observers see them (their ids are the store's once it has committed).</summary>
    public IEnumerable<CommittedEntity> Rows => _written.Select(w => new CommittedEntity(w, EntityState.Added)).Concat(_pending.SelectMany(p => new[]
    {
        new CommittedEntity(p.Delivery, EntityState.Modified),
        new CommittedEntity(p.Attempt, p.Started ? EntityState.Added : EntityState.Modified),
    })).Concat(_raised.Select(e => new CommittedEntity(e, EntityState.Added))).Concat(_created.Select(d => new CommittedEntity(d, EntityState.Added)));

    internal void Clear()
    {
        _pending.Clear();
        _created.Clear();
        _raised.Clear();
        _written.Clear();
    }

    /// <summary>Inserts the new events, then the new deliveries, after the tracked rows (their event may be among them), in the context's current transaction.</summary>
    internal async Task WriteCreatedAsync(DbContext db, CancellationToken cancellationToken)
    {
        if (_created.Count == 0 && _raised.Count == 0)
        {
            return;
        }
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Deliveries are written inside the save's transaction.");
        var sql = Statements.For(db.Model);
        if (_raised.Count > 0)
        {
            await using var raise = sql.EventRow.Command(transaction);
            foreach (var webhookEvent in _raised)
            {
                await sql.EventRow.InsertAsync(raise, webhookEvent, cancellationToken);
            }
        }
        if (_created.Count == 0)
        {
            return;
        }
        await using var insert = Command(transaction, sql.InsertDelivery, "e", "ep", "t", "test", "s", "at", "next", "v");
        foreach (var delivery in _created)
        {
            var eventId = delivery.Event?.Id is > 0 and var saved ? saved : delivery.EventId;
            var id = await ExecuteAsync(insert, cancellationToken, eventId, delivery.EndpointId, delivery.EventType, delivery.IsTest, delivery.Status.ToString(), delivery.CreatedAt.UtcTicks, delivery.NextAttemptAt?.UtcTicks, delivery.Version);
            Set(sql.DeliveryEventId, delivery, eventId);
            Set(sql.DeliveryId, delivery, Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Writes the pending transitions in the context's current transaction.</summary>
    internal async Task WriteAsync(DbContext db, CancellationToken cancellationToken)
    {
        if (_pending.Count == 0)
        {
            return;
        }
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Transitions are written inside the save's transaction.");
        var sql = Statements.For(db.Model);
        await using var insert = Command(transaction, sql.InsertAttempt, "d", "n", "u", "s", "at");
        await using var complete = Command(transaction, sql.CompleteAttempt, "d", "n", "s", "ms", "code", "err", "body", "ok");
        await using var delivery = Command(transaction, sql.UpdateDelivery, "id", "v", "s", "count", "first", "next", "done");
        foreach (var (row, attempt, started) in _pending)
        {
            if (started)
            {
                var id = await ExecuteAsync(insert, cancellationToken, row.Id, attempt.Number, attempt.Url, attempt.State.ToString(), attempt.StartedAt.UtcTicks);
                Set(sql.AttemptId, attempt, Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                await ExecuteAsync(complete, cancellationToken, row.Id, attempt.Number, attempt.State.ToString(), attempt.DurationMs, attempt.StatusCode, attempt.Error, attempt.ResponseBody, attempt.Succeeded);
            }
            var version = row.Version;
            var changed = await ExecuteAsync(delivery, cancellationToken, row.Id, version, row.Status.ToString(), row.AttemptCount, row.FirstAttemptAt?.UtcTicks, row.NextAttemptAt?.UtcTicks, row.CompletedAt?.UtcTicks);
            if (Convert.ToInt64(changed, System.Globalization.CultureInfo.InvariantCulture) != 1)
            {
                throw new DbUpdateConcurrencyException($"Delivery {row.Id} changed in the store since it was read (version {version}); the transition is not written.");
            }
            Set(sql.DeliveryVersion, row, version + 1);
        }
    }

    private void Add(Delivery delivery, DeliveryAttempt attempt, bool started)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(attempt);
        if (delivery.Id == 0 || attempt.DeliveryId != delivery.Id)
        {
            throw new ArgumentException($"Attempt {attempt.Number} is not of saved delivery {delivery.Id}.", nameof(attempt));
        }
        _pending.Add((delivery, attempt, started));
    }

    private async Task WriteAllAsync<T>(DbTransaction transaction, RowInsert rows, int noteId, IReadOnlyList<T> prescriptions, CancellationToken cancellationToken)
        where T : class
    {
        if (prescriptions.Count == 0)
        {
            return;
        }
        await using var insert = rows.Command(transaction);
        foreach (var prescription in prescriptions)
        {
            Set(rows.Foreign!, prescription, noteId);
            await rows.InsertAsync(insert, prescription, cancellationToken);
            _written.Add(prescription);
        }
    }

    // the store's values into the entity's private setters, as EF Core takes them back
    private static void Set(IProperty property, object entity, object value) => property.PropertyInfo!.SetValue(entity, value);

    private static DbCommand Command(DbTransaction transaction, string sql, params string[] parameters)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    // an insert answers the new row's id; an update, the rows it changed
    private static async Task<object?> ExecuteAsync(DbCommand command, CancellationToken cancellationToken, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
        return command.CommandText.StartsWith("INSERT", StringComparison.Ordinal)
            ? await command.ExecuteScalarAsync(cancellationToken)
            : await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The statements, with the table and column names of the model (the same in every provider's migrations).</summary>
    private sealed record Statements(
        string InsertAttempt, string CompleteAttempt, string UpdateDelivery, string InsertDelivery, IProperty AttemptId, IProperty DeliveryVersion, IProperty DeliveryId, IProperty DeliveryEventId,
        RowInsert NoteRow, RowInsert ExerciseRow, RowInsert ProductRow, RowInsert EventRow)
    {
        private static Statements? _built;

        public static Statements For(IModel model)
        {
            if (_built is { } built && ReferenceEquals(built.AttemptId.DeclaringType.Model, model))
            {
                return built;
            }
            var attempts = model.FindEntityType(typeof(DeliveryAttempt))!;
            var deliveries = model.FindEntityType(typeof(Delivery))!;
            string A(string property) => Quote(attempts.FindProperty(property)!.GetColumnName());
            string D(string property) => Quote(deliveries.FindProperty(property)!.GetColumnName());
            var attemptTable = Quote(attempts.GetTableName()!);
            var deliveryTable = Quote(deliveries.GetTableName()!);
            _built = new Statements(
                $"INSERT INTO {attemptTable} ({A("DeliveryId")}, {A("Number")}, {A("Url")}, {A("State")}, {A("StartedAt")}, {A("DurationMs")}, {A("ResponseBody")}, {A("Succeeded")}) " +
                    $"VALUES (@d, @n, @u, @s, @at, 0, '', FALSE) RETURNING {A("Id")}",
                $"UPDATE {attemptTable} SET {A("State")} = @s, {A("DurationMs")} = @ms, {A("StatusCode")} = @code, {A("Error")} = @err, {A("ResponseBody")} = @body, {A("Succeeded")} = @ok " +
                    $"WHERE {A("DeliveryId")} = @d AND {A("Number")} = @n",
                $"UPDATE {deliveryTable} SET {D("Status")} = @s, {D("AttemptCount")} = @count, {D("FirstAttemptAt")} = @first, {D("NextAttemptAt")} = @next, {D("CompletedAt")} = @done, {D("Version")} = @v + 1 " +
                    $"WHERE {D("Id")} = @id AND {D("Version")} = @v",
                $"INSERT INTO {deliveryTable} ({D("EventId")}, {D("EndpointId")}, {D("EventType")}, {D("IsTest")}, {D("Status")}, {D("AttemptCount")}, {D("CreatedAt")}, {D("NextAttemptAt")}, {D("Version")}) " +
                    $"VALUES (@e, @ep, @t, @test, @s, 0, @at, @next, @v) RETURNING {D("Id")}",
                attempts.FindProperty(nameof(DeliveryAttempt.Id))!,
                deliveries.FindProperty(nameof(Delivery.Version))!,
                deliveries.FindProperty(nameof(Delivery.Id))!,
                deliveries.FindProperty(nameof(Delivery.EventId))!,
                RowInsert.For(model.FindEntityType(typeof(SoapNote))!),
                RowInsert.For(model.FindEntityType(typeof(ExercisePrescription))!, nameof(ExercisePrescription.SoapNoteId)),
                RowInsert.For(model.FindEntityType(typeof(ProductPrescription))!, nameof(ProductPrescription.SoapNoteId)),
                RowInsert.For(model.FindEntityType(typeof(WebhookEvent))!));
            return _built;
        }

        public static string Quote(string name) => "\"" + name + "\"";
    }

    /// <summary>
    /// The insert of one entity type as EF Core would write it: every mapped property but the
    /// generated key, in the model's columns, through the model's value conversions (ticks, enum
    /// names); the store's key taken back into the entity.
    /// </summary>
    private sealed record RowInsert(string Sql, IProperty[] Columns, IProperty Key, IProperty? Foreign)
    {
        public static RowInsert For(IEntityType type, string? foreignKey = null)
        {
            var key = type.FindPrimaryKey()!.Properties.Single();
            var columns = type.GetProperties().Where(p => !p.IsPrimaryKey()).ToArray();
            if (columns.FirstOrDefault(p => p.IsShadowProperty() || p.PropertyInfo is null) is { } hidden)
            {
                throw new InvalidOperationException($"{type.DisplayName()}.{hidden.Name} has no CLR property: the lean insert cannot read it.");
            }
            var sql = $"INSERT INTO {Statements.Quote(type.GetTableName()!)} ({string.Join(", ", columns.Select(p => Statements.Quote(p.GetColumnName())))}) " +
                $"VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))}) RETURNING {Statements.Quote(key.GetColumnName())}";
            return new RowInsert(sql, columns, key, foreignKey is null ? null : type.FindProperty(foreignKey)!);
        }

        public DbCommand Command(DbTransaction transaction) =>
            TransitionWrites.Command(transaction, Sql, Columns.Select((_, i) => "p" + i).ToArray());

        public async Task InsertAsync(DbCommand command, object entity, CancellationToken cancellationToken)
        {
            for (var i = 0; i < Columns.Length; i++)
            {
                var value = Columns[i].PropertyInfo!.GetValue(entity);
                if (value is not null && Columns[i].GetTypeMapping().Converter is { } converter)
                {
                    value = converter.ConvertToProvider(value);
                }
                command.Parameters[i].Value = value ?? DBNull.Value;
            }
            var id = await command.ExecuteScalarAsync(cancellationToken);
            Set(Key, entity, Convert.ChangeType(id!, Key.ClrType, System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
