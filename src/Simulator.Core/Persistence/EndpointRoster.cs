using Microsoft.EntityFrameworkCore;
using Simulator.Core.Domain;

namespace Simulator.Core.Persistence;

/// <summary>
/// The active endpoints a note's event fans out to, read once and kept until a commit writes an
/// endpoint row. A note save looks here before it takes the store's writer (<see cref="PeekAsync"/>)
/// and checks under the writer that no endpoint was committed since (<see cref="ActiveAsync"/>):
/// commits are heard while their writer still holds the store, so a change committed before the
/// note's transaction began is always seen. That holds only where this process is the store's one
/// writer (SQLite); with a store several processes share, the endpoints are read inside the note's
/// transaction, every time.
/// </summary>
public sealed class EndpointRoster(bool soleWriter) : ICommitObserver
{
    private long _endpointCommits;
    private Snapshot? _latest;

    /// <summary>The endpoints (all of them, and the active ones) as read after <paramref name="EndpointCommits"/> commits that wrote an endpoint.</summary>
    public sealed record Snapshot(long EndpointCommits, IReadOnlyDictionary<int, WebhookEndpoint> All)
    {
        public IReadOnlyList<WebhookEndpoint> Active { get; } = [.. All.Values.Where(e => e.Status == EndpointStatus.Active).OrderBy(e => e.Id)];
    }

    /// <summary>Before the writer: the kept list while no endpoint has been committed since it was read, else a fresh read; null where it cannot be kept.</summary>
    public async Task<Snapshot?> PeekAsync(SimulatorDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!soleWriter)
        {
            return null;
        }
        var commits = Volatile.Read(ref _endpointCommits);
        if (Volatile.Read(ref _latest) is { } latest && latest.EndpointCommits == commits)
        {
            return latest;
        }
        // counted before the read: an endpoint committed during it makes the snapshot stale, never wrong
        var snapshot = new Snapshot(commits, await db.WebhookEndpoints.AsNoTracking().ToDictionaryAsync(e => e.Id, cancellationToken));
        Volatile.Write(ref _latest, snapshot);
        return snapshot;
    }

    /// <summary>Under the writer, inside the note's transaction: the snapshot if no endpoint was committed since, else the store's.</summary>
    public async Task<IReadOnlyList<WebhookEndpoint>> ActiveAsync(SimulatorDbContext db, Snapshot? seen, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return seen is not null && soleWriter && seen.EndpointCommits == Volatile.Read(ref _endpointCommits)
            ? seen.Active
            : await ReadAsync(db, cancellationToken);
    }

    /// <summary>
    /// The endpoint as the store has it, when the kept copy is still current (no endpoint committed since
    /// it was read); null when it is not kept or may be stale. Read only: change a tracked row instead.
    /// </summary>
    public WebhookEndpoint? Kept(int id) =>
        soleWriter && Volatile.Read(ref _latest) is { } latest && latest.EndpointCommits == Volatile.Read(ref _endpointCommits)
            ? latest.All.GetValueOrDefault(id)
            : null;

    public void Committed(IReadOnlyList<CommittedEntity> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var change in changes)
        {
            if (change.Entity is WebhookEndpoint)
            {
                Interlocked.Increment(ref _endpointCommits);
                return;
            }
        }
    }

    private static async Task<IReadOnlyList<WebhookEndpoint>> ReadAsync(SimulatorDbContext db, CancellationToken cancellationToken) =>
        await db.WebhookEndpoints.AsNoTracking().Where(e => e.Status == EndpointStatus.Active).ToListAsync(cancellationToken);
}
