using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Simulator.Core.Persistence;

/// <summary>
/// The unit of work's after-commit hook. It notes the rows each save writes (the tracked ones and
/// the <see cref="TransitionWrites"/> written without tracking) and, once the
/// transaction that holds them commits (a save's own, or an explicit one spanning several saves),
/// tells the <see cref="ICommitObserver"/>s. A save that fails or a transaction rolled back tells
/// nobody. Registered before the write gate, so observers hear commits in the order they happened.
/// An observer that throws is logged and never reaches the writer.
/// </summary>
internal sealed class CommitWatch(IEnumerable<ICommitObserver> observers, ILogger<CommitWatch> logger)
    : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ICommitObserver[] _observers = observers.ToArray();
    private readonly ConditionalWeakTable<DbContext, UnitOfWork> _units = [];

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Failed(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Failed(eventData.Context);
        return Task.CompletedTask;
    }

    public void SaveChangesCanceled(DbContextEventData eventData) => Failed(eventData.Context);

    public Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Failed(eventData.Context);
        return Task.CompletedTask;
    }

    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        Started(eventData.Context);
        return result;
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        Started(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Forget(eventData.Context);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void Note(DbContext? context)
    {
        if (context is null)
        {
            return;
        }
        var unit = _units.GetOrCreateValue(context);
        if (context.Database.CurrentTransaction is null)
        {
            // a save in a transaction of its own: whatever an abandoned transaction noted is not committed
            unit.Clear();
        }
        // the transitions written without change tracking (already written, in this transaction), then the tracked rows
        var lean = context is SimulatorDbContext { Transitions: { IsEmpty: false } transitions } ? transitions.Rows : [];
        unit.BeginSave(lean.Concat(context.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select(e => new CommittedEntity(e.Entity, e.State))));
    }

    private void Saved(DbContext? context)
    {
        if (context is not null && _units.TryGetValue(context, out var unit))
        {
            unit.EndSave();
        }
    }

    private void Failed(DbContext? context)
    {
        if (context is not null && _units.TryGetValue(context, out var unit))
        {
            unit.DropSave();
        }
    }

    private void Started(DbContext? context)
    {
        // a transaction begun outside a save is a new unit of work: nothing before it belongs to it
        if (context is not null && _units.TryGetValue(context, out var unit) && !unit.IsSaving)
        {
            unit.Clear();
        }
    }

    private void Forget(DbContext? context)
    {
        if (context is not null && _units.TryGetValue(context, out var unit))
        {
            unit.Clear();
        }
    }

    private void Committed(DbContext? context)
    {
        if (context is null || !_units.TryGetValue(context, out var unit))
        {
            return;
        }
        var changes = unit.Take();
        if (changes.Count == 0)
        {
            return;
        }
        foreach (var observer in _observers)
        {
            try
            {
                observer.Committed(changes);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "{Observer} failed on a commit of {Count} rows; the store has them all the same", observer.GetType().Name, changes.Count);
            }
        }
    }

    /// <summary>The rows written by a context's saves since its transaction began, each once, in the order first written.</summary>
    private sealed class UnitOfWork
    {
        private readonly List<CommittedEntity> _rows = [];
        private readonly Dictionary<object, int> _index = new(ReferenceEqualityComparer.Instance);

        // the save in progress: how many rows there were before it, and what it changed of those
        private (int Count, Dictionary<object, EntityState> Previous)? _save;

        public bool IsSaving => _save is not null;

        public void BeginSave(IEnumerable<CommittedEntity> rows)
        {
            var previous = new Dictionary<object, EntityState>(ReferenceEqualityComparer.Instance);
            var count = _rows.Count;
            foreach (var row in rows)
            {
                if (_index.TryGetValue(row.Entity, out var at))
                {
                    var earlier = _rows[at].State;
                    previous.TryAdd(row.Entity, earlier);
                    // added earlier in the same unit and changed since: still new
                    _rows[at] = row with { State = earlier == EntityState.Added && row.State == EntityState.Modified ? EntityState.Added : row.State };
                }
                else
                {
                    _index[row.Entity] = _rows.Count;
                    _rows.Add(row);
                }
            }
            _save = (count, previous);
        }

        public void EndSave() => _save = null;

        /// <summary>Undoes what the failed save noted; earlier saves of the same transaction stay.</summary>
        public void DropSave()
        {
            if (_save is not { } save)
            {
                return;
            }
            var (count, previous) = save;
            for (var i = _rows.Count - 1; i >= count; i--)
            {
                _index.Remove(_rows[i].Entity);
                _rows.RemoveAt(i);
            }
            foreach (var (entity, state) in previous)
            {
                _rows[_index[entity]] = new CommittedEntity(entity, state);
            }
            _save = null;
        }

        public List<CommittedEntity> Take()
        {
            var taken = _rows.ToList();
            Clear();
            return taken;
        }

        public void Clear()
        {
            _rows.Clear();
            _index.Clear();
            _save = null;
        }
    }
}
