namespace Simulator.Core.Clock;

/// <summary>The longest any one hold of the clock lasted, in real time: what the bound on holds is checked against.</summary>
internal sealed class LongestHold(TimeProvider realTime)
{
    private long _longest;

    public TimeSpan Value => realTime.GetElapsedTime(0, Interlocked.Read(ref _longest));

    public void Reset() => Interlocked.Exchange(ref _longest, 0);

    /// <summary>A hold taken at the real timestamp <paramref name="since"/> ends now.</summary>
    public void Ended(long since)
    {
        var held = realTime.GetTimestamp() - since;
        long longest;
        while (held > (longest = Interlocked.Read(ref _longest)))
        {
            if (Interlocked.CompareExchange(ref _longest, held, longest) == longest)
            {
                return;
            }
        }
    }
}
