namespace Simulator.Core.Live;

/// <summary>
/// The singleton the UI subscribes to: raised whenever a delivery, endpoint, e-mail or note changes
/// (by the commit that changed it) or the clock moves. It uses nothing else of the core, so every
/// folder may publish to it. A subscriber that throws is cut off from that change only: the others
/// still hear it, and the publisher (the writer of a commit) never sees the exception.
/// </summary>
public sealed class LiveUpdates
{
    public event EventHandler<LiveChange>? Changed;

    /// <summary>Subscribers' failures, counted (they are not the publisher's business).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>
    /// How many changes have been published so far (heard or not): a component that read before it subscribed
    /// compares it to learn whether it missed one meanwhile.
    /// </summary>
    public long Version => Interlocked.Read(ref _version);

    private long _failures;
    private long _version;

    public void Publish(LiveChangeKind kind, long id = 0)
    {
        Interlocked.Increment(ref _version);
        if (Changed is not { } changed)
        {
            return;
        }
        var change = new LiveChange(kind, id);
        foreach (var subscriber in changed.GetInvocationList())
        {
            try
            {
                ((EventHandler<LiveChange>)subscriber)(this, change);
            }
            catch (Exception)
            {
                Interlocked.Increment(ref _failures);
            }
        }
    }
}
