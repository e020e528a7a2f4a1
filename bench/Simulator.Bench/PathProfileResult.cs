namespace Simulator.Bench;

/// <summary>
/// Sums of wall time over a run: several operations run at once, so a sum can exceed the run; the
/// dispatcher's saves, made one at a time by the journal's single writer, cannot.
/// </summary>
public sealed record PathProfileResult(
    double Seconds,
    double CpuSeconds,
    double DispatcherSaveSeconds,
    long DispatcherSaves,
    double NoteSaveSeconds,
    long NoteSaves,
    double ReadSeconds,
    long Reads,
    double HttpSeconds,
    long HttpRequests)
{
    /// <summary>The store's time inside the journal's saves (the statements SQLite ran).</summary>
    public double DispatcherCommandSeconds { get; init; }

    public long DispatcherCommands { get; init; }

    /// <summary>The journal's waits for a transaction: the write gate's queue and BEGIN (outside SaveChanges).</summary>
    public double DispatcherBeginSeconds { get; init; }

    /// <summary>The journal's COMMITs (outside SaveChanges).</summary>
    public double DispatcherCommitSeconds { get; init; }

    /// <summary>The note savers' waits for a transaction (the write gate's queue and BEGIN).</summary>
    public double NoteBeginSeconds { get; init; }

    public double NoteCommitSeconds { get; init; }

    /// <summary>How long the journal's transactions held the store's one writer, BEGIN to COMMIT (the lean writes included).</summary>
    public double DispatcherHeldSeconds { get; init; }

    /// <summary>How long the note savers' transactions held the store's one writer.</summary>
    public double NoteHeldSeconds { get; init; }

    /// <summary>EF Core's own time inside the journal's saves: change tracking, SQL generation, taking the results back.</summary>
    public double DispatcherEfSeconds => DispatcherSaveSeconds - DispatcherCommandSeconds;

    /// <summary>Share of the run during which the journal's writer was inside SaveChanges.</summary>
    public double JournalBusy => DispatcherSaveSeconds / Seconds;

    /// <summary>CPU used, as a share of the machine's cores.</summary>
    public double CpuShare => CpuSeconds / (Seconds * Environment.ProcessorCount);
}
