using Bunit;
using Simulator.Core.Clock;
using Simulator.Web.Components.Layout;

namespace Simulator.Tests.Web.Components;

public sealed class ClockBarTests : ComponentTestContext
{
    [Fact]
    public void The_simulated_now_is_shown()
    {
        var clock = Render<ClockBar>();

        Assert.Equal("Thu 26 Mar 2026 · 14:00:00 UTC", clock.Find("[data-clock-now]").TextContent);
    }

    [Fact]
    public async Task Advance_one_hour_moves_the_simulated_clock_an_hour()
    {
        var clock = Render<ClockBar>();

        await clock.FindAll("button").Single(b => b.TextContent.Trim() == "Advance 1 h").ClickAsync();

        Assert.Equal(TestSupport.SimulatorAppFactory.Start.AddHours(1), Service<SimulationClock>().GetUtcNow());
        clock.WaitForAssertion(() => Assert.Equal("Thu 26 Mar 2026 · 15:00:00 UTC", clock.Find("[data-clock-now]").TextContent));
    }

    [Fact]
    public void A_speed_button_sets_the_speed_and_shows_it_in_words_not_only_colour()
    {
        var clock = Render<ClockBar>();

        clock.FindAll("button").Single(b => b.TextContent.Trim() == "3600×").Click();

        Assert.Equal(3600, Service<SimulationClock>().Speed);
        clock.WaitForAssertion(() =>
        {
            var pressed = clock.Find("button[aria-pressed=true]");
            Assert.Equal("✓ 3600×", pressed.TextContent.Trim());
        });
    }

    [Fact]
    public void Without_a_scheduled_attempt_there_is_nothing_to_advance_to()
    {
        var clock = Render<ClockBar>();

        var next = clock.FindAll("button").Single(b => b.TextContent.Contains("Advance to next attempt", StringComparison.Ordinal));

        Assert.True(next.HasAttribute("disabled"));
        Assert.Equal("No delivery attempt is scheduled", next.GetAttribute("title"));
    }
}
