using Microsoft.EntityFrameworkCore;
using Simulator.Core.Domain;

namespace Simulator.Core.Persistence;

/// <summary>
/// The active endpoints a note's event fans out to, read once and kept until a commit writes an
/// endpoint row (<see cref="KeptRows{T}"/>). A note save looks here before it takes the store's writer
/// (<see cref="PeekAsync"/>) and checks under the writer that no endpoint was committed since
/// (<see cref="ActiveAsync"/>): commits are heard while their writer still holds the store, so a
/// change committed before the note's transaction began is always seen. That holds only where this
/// process is the store's one writer (SQLite); with a store several processes share, the endpoints
/// are read inside the note's transaction, every time.
/// </summary>
public sealed class EndpointRoster(bool soleWriter) : ICommitObserver
{
    private readonly KeptRows<Snapshot> _kept = new(soleWriter, static row => row is WebhookEndpoint);

    /// <summary>The endpoints (all of them, and the active ones) as read after <paramref name="EndpointCommits"/> commits that wrote an endpoint.</summary>
    public sealed record Snapshot(long EndpointCommits, IReadOnlyDictionary<int, WebhookEndpoint> All)
    {
        public IReadOnlyList<WebhookEndpoint> Active { get; } = [.. All.Values.Where(e => e.Status == EndpointStatus.Active).OrderBy(e => e.Id)];
    }

    /// <summary>Before the writer: the kept list while no endpoint has been committed since it was read, else a fresh read; null where it cannot be kept.</summary>
    public async Task<Snapshot?> PeekAsync(SimulatorDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return _kept.Keeps
            ? await _kept.ReadAsync(async commits => new Snapshot(commits, await db.WebhookEndpoints.AsNoTracking().ToDictionaryAsync(e => e.Id, cancellationToken)))
            : null;
    }

    /// <summary>Under the writer, inside the note's transaction: the snapshot if no endpoint was committed since, else the store's.</summary>
    public async Task<IReadOnlyList<WebhookEndpoint>> ActiveAsync(SimulatorDbContext db, Snapshot? seen, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return seen is not null && _kept.IsCurrent(seen.EndpointCommits)
            ? seen.Active
            : await db.WebhookEndpoints.AsNoTracking().Where(e => e.Status == EndpointStatus.Active).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The endpoint as the store has it, when the kept copy is still current (no endpoint committed since
    /// it was read); null when it is not kept or may be stale. Read only: change a tracked row instead.
    /// </summary>
    public WebhookEndpoint? Kept(int id) => _kept.Current?.All.GetValueOrDefault(id);

    public void Committed(IReadOnlyList<CommittedEntity> changes) => _kept.Committed(changes);
}
