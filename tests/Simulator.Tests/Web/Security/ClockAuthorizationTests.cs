using System.Net;
using System.Net.Http.Json;
using Simulator.Tests.Web.Api;

namespace Simulator.Tests.Web.Security;

/// <summary>
/// The simulated clock is everyone's: a Practitioner who advanced it 30 days would fail the Owner's
/// deliveries and disable the Owner's endpoints. Reading it is open to every user; changing it is the Owner's.
/// </summary>
public sealed class ClockAuthorizationTests
{
    [Fact]
    public async Task A_practitioner_reads_the_clock_but_changing_its_speed_or_advancing_it_is_a_403_problem_that_changes_nothing()
    {
        await using var h = await ApiHarness.StartAsync();
        var before = h.App.Clock.GetUtcNow();

        Assert.Equal(HttpStatusCode.OK, (await h.Practitioner.GetAsync("/api/clock")).StatusCode);
        await ApiHarness.AssertProblemAsync(await h.Practitioner.PutAsJsonAsync("/api/clock", new { speed = 0 }), HttpStatusCode.Forbidden, "Owner role required");
        await ApiHarness.AssertProblemAsync(await h.Practitioner.PostAsJsonAsync("/api/clock/advance", new { seconds = 30 * 24 * 3600 }), HttpStatusCode.Forbidden, "Owner role required");

        Assert.Equal(60, h.App.Clock.Speed);
        Assert.True(h.App.Clock.GetUtcNow() - before < TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await h.Owner.PutAsJsonAsync("/api/clock", new { speed = 0 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await h.Owner.PostAsJsonAsync("/api/clock/advance", new { seconds = 60 })).StatusCode);
    }
}
