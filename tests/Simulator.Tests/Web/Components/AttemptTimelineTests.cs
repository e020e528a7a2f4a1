using System.Globalization;
using Bunit;
using Simulator.Web.Components.Pages.Deliveries;

namespace Simulator.Tests.Web.Components;

public sealed class AttemptTimelineTests : ComponentTestContext
{
    private static readonly DateTimeOffset First = TestSupport.SimulatorAppFactory.Start;

    [Fact]
    public void Attempts_are_placed_by_their_time_so_the_growing_waits_can_be_seen()
    {
        int[] offsets = [0, 5, 25, 105, 425, 1705, 6825, 17625];
        var marks = offsets.Select((s, i) => new TimelineMark(i + 1, First.AddSeconds(s), TimelineMarkKind.Failed, "HTTP 500")).ToList();

        var timeline = Render<AttemptTimeline>(p => p
            .Add(t => t.Origin, First)
            .Add(t => t.Window, TimeSpan.FromHours(12))
            .Add(t => t.Marks, marks));

        var xs = timeline.FindAll("[data-mark=failed]").Select(m => double.Parse(m.GetAttribute("data-x")!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(offsets.Length, xs.Count);
        var gaps = xs.Zip(xs.Skip(1), (a, b) => b - a).ToList();
        Assert.All(gaps, g => Assert.True(g >= 0));
        Assert.True(gaps[^1] > gaps[^2] && gaps[^2] > gaps[^3], "each wait is drawn longer than the one before");
        Assert.Contains("1–5", timeline.FindAll("text.tl-label").Select(t => t.TextContent)); // the first minutes share a label
        Assert.Contains("+12 h", timeline.FindAll("text.tl-tick-label").Select(t => t.TextContent));
    }

    [Fact]
    public void The_crowded_first_minutes_are_also_shown_zoomed_in()
    {
        int[] offsets = [0, 5, 25, 105, 425, 1705, 6825];
        var marks = offsets.Select((s, i) => new TimelineMark(i + 1, First.AddSeconds(s), TimelineMarkKind.Failed, "HTTP 500")).ToList();

        var timeline = Render<AttemptTimeline>(p => p
            .Add(t => t.Origin, First)
            .Add(t => t.Window, TimeSpan.FromHours(12))
            .Add(t => t.Marks, marks));

        var zoomed = timeline.FindAll("[data-lane=zoom] [data-zoom-mark=failed]");
        Assert.Equal(6, zoomed.Count); // the attempts within the first 30 minutes
        var xs = zoomed.Select(m => double.Parse(m.GetAttribute("data-x")!, CultureInfo.InvariantCulture)).ToList();
        Assert.True(xs[5] - xs[4] > 100, "the wait from attempt 5 to 6 spans a visible part of the zoom");
        Assert.Contains("+30 min", timeline.FindAll("[data-lane=zoom] text.tl-tick-label").Select(t => t.TextContent));
    }

    [Fact]
    public void A_single_attempt_needs_no_zoom()
    {
        var timeline = Render<AttemptTimeline>(p => p
            .Add(t => t.Origin, First)
            .Add(t => t.Window, TimeSpan.FromHours(12))
            .Add(t => t.Marks, [new TimelineMark(1, First, TimelineMarkKind.Succeeded, "HTTP 200")]));

        Assert.Empty(timeline.FindAll("[data-lane=zoom]"));
        Assert.Single(timeline.FindAll("[data-mark=succeeded]"));
    }

    [Fact]
    public void Made_and_planned_attempts_are_told_apart_by_shape_and_words()
    {
        var marks = new List<TimelineMark>
        {
            new(1, First, TimelineMarkKind.Failed, "HTTP 500"),
            new(2, First.AddSeconds(5), TimelineMarkKind.Succeeded, "HTTP 200"),
            new(3, First.AddHours(2), TimelineMarkKind.Planned, "planned"),
        };

        var timeline = Render<AttemptTimeline>(p => p
            .Add(t => t.Origin, First)
            .Add(t => t.Window, TimeSpan.FromHours(12))
            .Add(t => t.Marks, marks)
            .Add(t => t.Now, First.AddHours(1)));

        Assert.NotNull(timeline.Find("[data-mark=failed] path.tl-glyph"));
        Assert.NotNull(timeline.Find("[data-mark=succeeded] path.tl-glyph"));
        Assert.Empty(timeline.FindAll("[data-mark=planned] path"));
        Assert.Contains("Attempt 3 planned at 2026-03-26 16:00:00Z", timeline.Find("[data-mark=planned] title").TextContent, StringComparison.Ordinal);
        Assert.Contains("Attempt 1 at 2026-03-26 14:00:00Z (+0 s): HTTP 500", timeline.Find("[data-mark=failed] title").TextContent, StringComparison.Ordinal);
        Assert.NotNull(timeline.Find("line.tl-now"));
        Assert.Contains("5 s → 1 h 59 min", timeline.Find("[data-waits]").TextContent, StringComparison.Ordinal);
    }
}
