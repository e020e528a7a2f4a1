using Bunit;
using Simulator.Core.Accounts;
using Simulator.Core.Clock;
using Simulator.Core.Domain;
using Simulator.Core.SoapNotes;
using Simulator.Core.Webhooks;
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
    public void A_practitioner_sees_the_simulated_now_and_its_speed_but_no_control_that_changes_them()
    {
        SignInAsPractitioner();

        var clock = Render<ClockBar>();

        Assert.Equal("Thu 26 Mar 2026 · 14:00:00 UTC", clock.Find("[data-clock-now]").TextContent);
        Assert.Equal("60×", clock.Find("[data-clock-speed]").GetAttribute("data-clock-speed"));
        Assert.Empty(clock.FindAll("button"));
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

    [Fact]
    public async Task Pause_stops_the_clock_and_resume_brings_back_the_speed_before()
    {
        var clock = Render<ClockBar>();
        clock.FindAll("button").Single(b => b.TextContent.Trim() == "600×").Click();

        await clock.Find("[data-clock-pause]").ClickAsync();

        Assert.Equal(0, Service<SimulationClock>().Speed);
        var frozen = Service<SimulationClock>().GetUtcNow();
        RealTime.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(frozen, Service<SimulationClock>().GetUtcNow());

        await clock.WaitForElement("[data-clock-resume]").ClickAsync();

        Assert.Equal(600, Service<SimulationClock>().Speed);
        clock.WaitForElement("[data-clock-pause]");
    }

    [Fact]
    public async Task Advance_one_hour_stops_at_the_failure_email_and_leaves_the_grace_to_address_it()
    {
        await Service<AccountService>().ChangePlanAsync(Plan.Premium);
        var endpoint = await AddEndpointAsync(); // nothing listens there: every attempt fails
        await Service<WebhookEndpointService>().ActivateAsync(endpoint.Id);
        var control = Service<SimulationControl>();
        var clock = Service<SimulationClock>();
        clock.SetSpeed(0);
        await Service<SoapNoteService>().CreateAsync(new SoapNoteInput(), "Olivia Owner");
        await control.AdvanceAsync(TimeSpan.Zero);
        var delivery = Assert.Single(await Service<WebhookActivity>().DeliveriesAsync(new DeliveryFilter()));
        var firstAttempt = delivery.FirstAttemptAt!.Value;
        await control.AdvanceToAsync(firstAttempt + TimeSpan.FromHours(11.5));
        var bar = Render<ClockBar>();

        await bar.FindAll("button").Single(b => b.TextContent.Trim() == "Advance 1 h").ClickAsync();

        // the last attempt, at the end of the 12-hour window, failed and sent the e-mail: the jump stopped there
        Assert.Equal(firstAttempt + TimeSpan.FromHours(12), clock.GetUtcNow());
        var email = Assert.Single(await Service<WebhookActivity>().EmailsAsync());
        Assert.Equal(EmailKind.EndpointFailing, email.Kind);
        bar.WaitForAssertion(() => Assert.Contains(email.Subject, bar.Find("[data-clock-stopped]").TextContent, StringComparison.Ordinal));
        Assert.Equal(EndpointStatus.Active, (await Service<WebhookEndpointService>().FindAsync(endpoint.Id))!.Status);

        // the next press runs into the disabling, one simulated hour later, and stops at its notice
        await bar.FindAll("button").Single(b => b.TextContent.Trim() == "Advance 1 h").ClickAsync();

        Assert.Equal(EndpointStatus.Disabled, (await Service<WebhookEndpointService>().FindAsync(endpoint.Id))!.Status);
        Assert.Equal(2, (await Service<WebhookActivity>().EmailsAsync()).Count);
    }
}
