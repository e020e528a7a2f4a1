using Simulator.Core.Domain;

namespace Simulator.Tests.Core.FaultLab;

public sealed class FaultSettingsTests
{
    [Fact]
    public void The_lab_is_off_by_default_with_the_default_seed()
    {
        var faults = FaultSettings.Off;
        Assert.False(faults.IsOn);
        Assert.Equal(438, faults.Seed);
        Assert.Equal(new FaultDraw(false, faults.Draw(1, 1).DuplicateDelay, false, false, faults.Draw(1, 1).ReorderDelay), faults.Draw(1, 1));
    }

    [Fact]
    public void A_rate_of_1_always_draws_the_fault_and_0_never()
    {
        var always = FaultSettings.Off.With(1, 1, 1, null);
        for (var eventId = 1L; eventId <= 500; eventId++)
        {
            Assert.Equal((true, true, true), Faults(always.Draw(3, eventId)));
            Assert.Equal((false, false, false), Faults(FaultSettings.Off.Draw(3, eventId)));
        }
    }

    [Fact]
    public void A_rate_draws_its_share_and_the_faults_are_drawn_apart()
    {
        var half = FaultSettings.Off.With(0.25, 0.5, 0.75, 1);
        var draws = Enumerable.Range(1, 4000).Select(i => half.Draw(5, i)).ToList();
        Assert.InRange(draws.Count(d => d.Duplicate), 900, 1100);
        Assert.InRange(draws.Count(d => d.ConcurrentDuplicate), 1900, 2100);
        Assert.InRange(draws.Count(d => d.Reordered), 2900, 3100);
        // independent: both faults together about as often as the product of their rates
        Assert.InRange(draws.Count(d => d.Duplicate && d.Reordered), 650, 850);
    }

    [Fact]
    public void Delays_lie_between_1_second_and_5_minutes_and_spread_over_the_range()
    {
        var faults = FaultSettings.Off.With(1, 1, 1, 42);
        var delays = Enumerable.Range(1, 2000).SelectMany(i => new[] { faults.Draw(2, i).DuplicateDelay, faults.Draw(2, i).ReorderDelay }).ToList();
        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5)));
        Assert.Contains(delays, d => d < TimeSpan.FromSeconds(30));
        Assert.Contains(delays, d => d > TimeSpan.FromMinutes(4.5));
    }

    [Fact]
    public void A_draw_depends_on_seed_endpoint_and_event_and_on_nothing_else()
    {
        var faults = FaultSettings.Off.With(0.5, 0.5, 0.5, 7);
        Assert.Equal(faults.Draw(1, 10), FaultSettings.Off.With(0.5, 0.5, 0.5, 7).Draw(1, 10));
        var bySeed = Enumerable.Range(1, 50).Select(i => faults.Draw(1, i)).ToList();
        Assert.NotEqual(bySeed, Enumerable.Range(1, 50).Select(i => faults.With(null, null, null, 8).Draw(1, i)).ToList());
        Assert.NotEqual(bySeed, Enumerable.Range(1, 50).Select(i => faults.Draw(2, i)).ToList());
        Assert.NotEqual(bySeed, Enumerable.Range(2, 50).Select(i => faults.Draw(1, i)).ToList());
    }

    [Fact]
    public void The_draw_is_pinned_so_a_seed_replays_across_versions()
    {
        // a change to the hashing would silently change every user's replays: this pins one draw
        var draw = FaultSettings.Off.With(0.5, 0.5, 0.5, 438).Draw(1, 1);
        Assert.Equal(PinnedDraw, draw);
    }

    [Theory]
    [InlineData(-0.01, null, null, "duplicate_rate")]
    [InlineData(null, 1.5, null, "concurrent_duplicate_rate")]
    [InlineData(null, null, double.NaN, "reorder_rate")]
    public void A_rate_outside_0_to_1_is_refused_naming_the_field(double? duplicate, double? concurrent, double? reorder, string field)
    {
        var ex = Assert.Throws<DomainValidationException>(() => FaultSettings.Off.With(duplicate, concurrent, reorder, null));
        Assert.Equal([field], ex.Errors.Keys);
    }

    [Fact]
    public void Values_left_out_keep_theirs_and_an_endpoint_refusing_a_rate_keeps_its_settings()
    {
        var endpoint = WebhookEndpoint.Create("http://127.0.0.1:9/hook", null, "dev@example.com", [EventTypes.SoapNoteCreated], DateTimeOffset.UnixEpoch);
        endpoint.SetFaults(0.5, null, null, 11, DateTimeOffset.UnixEpoch);
        endpoint.SetFaults(null, 0.25, null, null, DateTimeOffset.UnixEpoch);
        Assert.Equal(new FaultSettings { DuplicateRate = 0.5, ConcurrentDuplicateRate = 0.25, ReorderRate = 0, Seed = 11 }, endpoint.Faults);

        Assert.Throws<DomainValidationException>(() => endpoint.SetFaults(1, 2, 1, 12, DateTimeOffset.UnixEpoch));
        Assert.Equal(new FaultSettings { DuplicateRate = 0.5, ConcurrentDuplicateRate = 0.25, ReorderRate = 0, Seed = 11 }, endpoint.Faults);
    }

    [Fact]
    public void Only_a_saved_live_original_is_copied_and_only_a_live_first_attempt_is_held_back()
    {
        var endpoint = WebhookEndpoint.Create("http://127.0.0.1:9/hook", null, "dev@example.com", [EventTypes.SoapNoteCreated], DateTimeOffset.UnixEpoch);
        var test = new Delivery(new WebhookEvent(EventTypes.SoapNoteCreated, 1, DateTimeOffset.UnixEpoch, "{}", isTest: true), endpoint, DateTimeOffset.UnixEpoch);
        Assert.Throws<DomainRuleException>(() => Delivery.CopyOf(test, DeliveryFault.Duplicate, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch));
        Assert.Throws<DomainRuleException>(() => test.HoldBack(DateTimeOffset.UnixEpoch.AddMinutes(1)));

        var live = new Delivery(new WebhookEvent(EventTypes.SoapNoteCreated, 1, DateTimeOffset.UnixEpoch, "{}", isTest: false), endpoint, DateTimeOffset.UnixEpoch);
        Assert.Throws<DomainRuleException>(() => Delivery.CopyOf(live, DeliveryFault.Duplicate, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch)); // not saved: no id to point at
        live.HoldBack(DateTimeOffset.UnixEpoch.AddMinutes(1));
        Assert.Equal(DeliveryFault.Reordered, live.Fault);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddMinutes(1), live.NextAttemptAt);
        Assert.Throws<DomainRuleException>(() => live.HoldBack(DateTimeOffset.UnixEpoch.AddMinutes(2))); // once
    }

    private static (bool, bool, bool) Faults(FaultDraw d) => (d.Duplicate, d.ConcurrentDuplicate, d.Reordered);

    private static readonly FaultDraw PinnedDraw = new(Duplicate: true, DuplicateDelay: TimeSpan.FromMilliseconds(45_280), ConcurrentDuplicate: false, Reordered: false, ReorderDelay: TimeSpan.FromMilliseconds(40_487));
}
