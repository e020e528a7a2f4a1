namespace Simulator.Web.Components.Shared;

/// <summary>
/// One real-time tick per second for a page's live clocks and countdowns (one timer per circuit,
/// not one per countdown). Cascaded from the layout.
/// </summary>
public sealed class ClockTicker : IDisposable
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    private readonly ITimer _timer;

    public ClockTicker(TimeProvider realTime)
    {
        ArgumentNullException.ThrowIfNull(realTime);
        _timer = realTime.CreateTimer(static s => ((ClockTicker)s!).Ticked?.Invoke(), this, Period, Period);
    }

    /// <summary>Raised once a second, on a timer thread: handlers use <c>InvokeAsync</c>.</summary>
    public event Action? Ticked;

    public void Dispose() => _timer.Dispose();
}
