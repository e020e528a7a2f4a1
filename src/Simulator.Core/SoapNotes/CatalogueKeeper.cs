using Microsoft.EntityFrameworkCore;
using Simulator.Core.Domain;
using Simulator.Core.Persistence;

namespace Simulator.Core.SoapNotes;

/// <summary>
/// The catalogue (clients, exercises, products) a note save resolves its input against, read once
/// and kept until a commit writes one of its rows (in practice only the seed does;
/// <see cref="KeptRows{T}"/>). Where several processes share the store, a commit of another one is
/// not heard here: read every time there.
/// </summary>
public sealed class CatalogueKeeper(bool soleWriter) : ICommitObserver
{
    private readonly KeptRows<SoapNoteCatalogue> _kept = new(soleWriter, static row => row is Client or Exercise or Product);

    public Task<SoapNoteCatalogue> ReadAsync(SimulatorDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return _kept.ReadAsync(async _ => new SoapNoteCatalogue(
            await db.Clients.AsNoTracking().ToListAsync(cancellationToken),
            await db.Exercises.AsNoTracking().ToListAsync(cancellationToken),
            await db.Products.AsNoTracking().ToListAsync(cancellationToken)));
    }

    public void Committed(IReadOnlyList<CommittedEntity> changes) => _kept.Committed(changes);
}
