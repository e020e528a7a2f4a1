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
    private Kept? _kept;

    public async Task<SoapNoteCatalogue> ReadAsync(SimulatorDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var commits = Volatile.Read(ref _catalogueCommits);
        if (soleWriter && Volatile.Read(ref _kept) is { } kept && kept.Commits == commits)
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
            Volatile.Write(ref _kept, new Kept(commits, catalogue));
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

    // one reference, swapped whole: a reader never sees one read's count with another read's catalogue
    private sealed record Kept(long Commits, SoapNoteCatalogue Catalogue);
}
