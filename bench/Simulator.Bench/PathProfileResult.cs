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
    /// <summary>Share of the run during which the journal's writer was inside SaveChanges.</summary>
    public double JournalBusy => DispatcherSaveSeconds / Seconds;

    /// <summary>CPU used, as a share of the machine's cores.</summary>
    public double CpuShare => CpuSeconds / (Seconds * Environment.ProcessorCount);
}
