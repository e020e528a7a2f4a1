namespace Simulator.Core.Persistence;

/// <summary>
/// A value read from the store and kept between reads until a commit writes a row it was read from
/// (<paramref name="readFrom"/> tells those rows; an <see cref="ICommitObserver"/> counts such commits).
/// Observers run while the committing transaction still holds the store's one writer, so a copy whose count
/// is current holds everything committed before the caller's transaction began. That holds only
/// where this process is the store's one writer (SQLite); elsewhere nothing is kept and every read
/// goes to the store.
/// </summary>
public sealed class KeptRows<T>(bool soleWriter, Func<object, bool> readFrom) : ICommitObserver
    where T : class
{
    private long _commits;
    private Kept? _kept;

    /// <summary>Whether anything is kept at all (this process is the store's one writer).</summary>
    public bool Keeps => soleWriter;

    /// <summary>The kept value while no such commit came since it was read; null if none is kept or it may be stale.</summary>
    public T? Current => soleWriter && Volatile.Read(ref _kept) is { } kept && kept.Commits == Volatile.Read(ref _commits) ? kept.Value : null;

    /// <summary>Whether no such commit came since the count <paramref name="commitsWhenRead"/> (what <see cref="ReadAsync"/> handed its read).</summary>
    public bool IsCurrent(long commitsWhenRead) => soleWriter && commitsWhenRead == Volatile.Read(ref _commits);

    /// <summary>The kept value while it is current; else <paramref name="read"/>'s, given the count it is current as of, and kept.</summary>
    public async Task<T> ReadAsync(Func<long, Task<T>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var commits = Volatile.Read(ref _commits);
        if (soleWriter && Volatile.Read(ref _kept) is { } kept && kept.Commits == commits)
        {
            return kept.Value;
        }
        // counted before the read: a commit during it makes the copy stale, never wrong
        var value = await read(commits);
        if (soleWriter)
        {
            Volatile.Write(ref _kept, new Kept(commits, value));
        }
        return value;
    }

    public void Committed(IReadOnlyList<CommittedEntity> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var change in changes)
        {
            if (readFrom(change.Entity))
            {
                Interlocked.Increment(ref _commits);
                return;
            }
        }
    }

    // one reference, swapped whole: a reader never sees one read's count with another read's value
    private sealed record Kept(long Commits, T Value);
}
