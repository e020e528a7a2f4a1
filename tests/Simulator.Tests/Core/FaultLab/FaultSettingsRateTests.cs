using Simulator.Core.Domain;

namespace Simulator.Tests.Core.FaultLab;

/// <summary>The fault lab's rates as the endpoint's fault lab panel sets them: when the lab is on, the edges of a rate, the message.</summary>
public sealed class FaultSettingsRateTests
{
    [Theory]
    [InlineData(0.01, 0, 0)]
    [InlineData(0, 0.01, 0)]
    [InlineData(0, 0, 0.01)]
    public void Any_rate_above_0_turns_the_lab_on(double duplicate, double concurrent, double reorder)
    {
        Assert.True(FaultSettings.Off.With(duplicate, concurrent, reorder, null).IsOn);
        Assert.False(FaultSettings.Off.With(0, 0, 0, 5).IsOn);
    }

    [Fact]
    public void Rates_of_exactly_0_and_1_are_accepted_and_anything_past_them_is_refused_with_the_range_named()
    {
        Assert.Equal((0.0, 1.0, 1.0), Rates(FaultSettings.Off.With(0, 1, 1, null)));

        var refused = Assert.Throws<DomainValidationException>(() => FaultSettings.Off.With(-0.001, 1.001, double.NaN, null));

        Assert.Equal(["concurrent_duplicate_rate", "duplicate_rate", "reorder_rate"], refused.Errors.Keys.Order());
        Assert.Equal(["A rate is a number from 0 (never) to 1 (every delivery); 1.001 is not."], refused.Errors["concurrent_duplicate_rate"]);
    }

    [Fact]
    public void A_rate_just_under_1_misses_now_and_then_and_just_over_0_hits_now_and_then()
    {
        var almostAlways = FaultSettings.Off.With(0.99, 0.99, 0.99, 3);
        var almostNever = FaultSettings.Off.With(0.01, 0.01, 0.01, 3);
        var draws = Enumerable.Range(1, 2000).Select(i => (Often: almostAlways.Draw(4, i), Rarely: almostNever.Draw(4, i))).ToList();

        Assert.InRange(draws.Count(d => !d.Often.Duplicate), 5, 40);
        Assert.InRange(draws.Count(d => !d.Often.ConcurrentDuplicate), 5, 40);
        Assert.InRange(draws.Count(d => !d.Often.Reordered), 5, 40);
        Assert.InRange(draws.Count(d => d.Rarely.Duplicate), 5, 40);
    }

    private static (double, double, double) Rates(FaultSettings s) => (s.DuplicateRate, s.ConcurrentDuplicateRate, s.ReorderRate);
}
