using Microsoft.EntityFrameworkCore;
using Simulator.Core.Domain;
using Simulator.Core.Persistence;

namespace Simulator.Core.SoapNotes;

/// <summary>
/// The catalogue (clients, exercises, products) a note save resolves its input against, read once
/// and kept until a commit writes one of its rows (in practice only the seed does). Where several
/// processes share the store, a commit of another one is not heard here: read every time there.
/// </summary>
public sealed class CatalogueKeeper(bool soleWriter) : ICommitObserver
{
    private long _catalogueCommits;
    private (long Commits, SoapNoteCatalogue Catalogue)? _kept;

    public async Task<SoapNoteCatalogue> ReadAsync(SimulatorDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var commits = Volatile.Read(ref _catalogueCommits);
        if (soleWriter && _kept is { } kept && kept.Commits == commits)
        {
            return kept.Catalogue;
        }
        // counted before the read: a catalogue row committed during it makes the kept copy stale, never wrong
        var catalogue = new SoapNoteCatalogue(
            await db.Clients.AsNoTracking().ToListAsync(cancellationToken),
            await db.Exercises.AsNoTracking().ToListAsync(cancellationToken),
            await db.Products.AsNoTracking().ToListAsync(cancellationToken));
        if (soleWriter)
        {
            _kept = (commits, catalogue);
        }
        return catalogue;
    }

    public void Committed(IReadOnlyList<CommittedEntity> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var change in changes)
        {
            if (change.Entity is Client or Exercise or Product)
            {
                Interlocked.Increment(ref _catalogueCommits);
                return;
            }
        }
    }
}
