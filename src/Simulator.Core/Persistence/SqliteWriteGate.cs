using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Simulator.Core.Persistence;

/// <summary>
/// One writing transaction at a time, queued without blocking a thread. SQLite lets one
/// connection write at a time; without a queue in the app, every concurrent writer (each attempt
/// recorded, each note saved) waits for the file lock inside SQLite on a pool thread, and under
/// load the thread pool starves: replies from receivers are then read late and attempts time out.
/// Every save runs in a transaction; the gate is taken when it begins and given back when it is
/// committed, rolled back or fails, or at the latest when its connection closes.
/// </summary>
internal sealed class SqliteWriteGate : IDbTransactionInterceptor, IDbConnectionInterceptor, ISaveChangesInterceptor
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DbConnection? _holder;

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        AlwaysInTransaction(eventData);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        AlwaysInTransaction(eventData);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        _gate.Wait();
        Volatile.Write(ref _holder, connection);
        return result;
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        Volatile.Write(ref _holder, connection);
        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Release(transaction.Connection);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) => Released(transaction.Connection);

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Release(transaction.Connection);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) => Released(transaction.Connection);

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Release(transaction.Connection);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default) => Released(transaction.Connection);

    public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Release(connection);

    public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData) => Released(connection);

    private static void AlwaysInTransaction(DbContextEventData eventData)
    {
        if (eventData.Context is { } context)
        {
            context.Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
        }
    }

    private Task Released(DbConnection? connection)
    {
        Release(connection);
        return Task.CompletedTask;
    }

    private void Release(DbConnection? connection)
    {
        if (connection is not null && Interlocked.CompareExchange(ref _holder, null, connection) == connection)
        {
            _gate.Release();
        }
    }
}
