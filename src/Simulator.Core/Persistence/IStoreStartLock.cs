namespace Simulator.Core.Persistence;

/// <summary>
/// Held while a process brings the store to its schema and seeds it: on a store several processes
/// share, those that start together take turns (a PostgreSQL advisory lock, Simulator.Postgres), so
/// the migrations run once and the account is seeded once.
/// </summary>
public interface IStoreStartLock
{
    Task<IAsyncDisposable> AcquireAsync(CancellationToken cancellationToken);
}
