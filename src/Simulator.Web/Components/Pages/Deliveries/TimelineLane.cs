namespace Simulator.Web.Components.Pages.Deliveries;

/// <summary>One horizontal axis of the time line: the whole window, or a zoom on its start.</summary>
public sealed record TimelineLane(string Caption, double AxisY, TimeSpan Span, TimeSpan TickEvery, bool IsZoom);
