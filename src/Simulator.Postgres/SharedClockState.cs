namespace Simulator.Postgres;

/// <summary>
/// The one simulated clock as the store holds it: simulated time <see cref="AnchorTicks"/> at the
/// server's moment <see cref="AnchorAt"/>, running at <see cref="Speed"/> (0: paused) since; read at
/// the server's moment <see cref="ReadAt"/>, with whether an advance is in progress.
/// </summary>
internal sealed record SharedClockState(long AnchorTicks, DateTime AnchorAt, double Speed, long Generation, DateTime ReadAt, bool Advancing)
{
    /// <summary>Simulated time stops short of DateTimeOffset's end, as the local clock does.</summary>
    private static readonly long LatestTicks = DateTimeOffset.MaxValue.UtcTicks - TimeSpan.FromDays(400).Ticks;

    /// <summary>The shared simulated time at the server's moment <paramref name="serverNow"/>.</summary>
    public DateTimeOffset At(DateTime serverNow)
    {
        var elapsed = Math.Max(0, (serverNow - AnchorAt).Ticks) * Speed;
        var ticks = (long)Math.Min(AnchorTicks + elapsed, LatestTicks);
        return new DateTimeOffset(Math.Max(ticks, AnchorTicks), TimeSpan.Zero);
    }

    /// <summary>The shared simulated time when it was read.</summary>
    public DateTimeOffset Now => At(ReadAt);
}
