namespace Simulator.Core.Persistence;

/// <summary>
/// Told of every commit, in commit order, with the rows it wrote: what memory holds (the due-queue,
/// live views, the e-mail sender's wake-up) is derived from this, in one place, and from nothing else.
/// </summary>
public interface ICommitObserver
{
    /// <summary>Runs while the commit's writer still holds the store: keep it short; it must not write.</summary>
    void Committed(IReadOnlyList<CommittedEntity> changes);
}
