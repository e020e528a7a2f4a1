namespace Simulator.Web.Components.Pages.Deliveries;

/// <summary>A point on a delivery's time line: an attempt made, or one planned.</summary>
public sealed record TimelineMark(int Number, DateTimeOffset At, TimelineMarkKind Kind, string Summary);

public enum TimelineMarkKind
{
    Succeeded,
    Failed,
    Planned,

    /// <summary>Started, no answer yet.</summary>
    InFlight,
}
