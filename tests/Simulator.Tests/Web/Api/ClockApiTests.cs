using System.Net;
using System.Net.Http.Json;

namespace Simulator.Tests.Web.Api;

public sealed class ClockApiTests(SharedApiHarness shared) : IClassFixture<SharedApiHarness>
{
    [Fact]
    public async Task The_clock_reports_now_and_speed_and_changes_speed()
    {
        await using var h = await ApiHarness.StartAsync();
        var clock = await ApiHarness.ReadAsync(await h.Owner.GetAsync("/api/clock"));
        Assert.Equal(60, clock.GetProperty("speed").GetDouble());
        Assert.False(clock.GetProperty("paused").GetBoolean());

        var changed = await ApiHarness.ReadAsync(await h.Owner.PutAsJsonAsync("/api/clock", new { speed = 3600 }));
        Assert.Equal(3600, changed.GetProperty("speed").GetDouble());
        Assert.Equal(3600, h.App.Clock.Speed);
    }

    [Fact]
    public async Task Advance_moves_simulated_time_by_the_seconds_given()
    {
        await using var h = await ApiHarness.StartAsync();
        var before = h.App.Clock.GetUtcNow();
        var after = await ApiHarness.ReadAsync(await h.Owner.PostAsJsonAsync("/api/clock/advance", new { seconds = 3600 }));
        var now = DateTimeOffset.Parse(after.GetProperty("now").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(before.AddHours(1), now, TimeSpan.FromSeconds(1));
    }

    [Theory]
    [InlineData(0.001)]
    [InlineData(1000000)]
    public async Task At_both_ends_of_the_speed_range_a_thirty_day_advance_runs_the_retries_due_and_returns(double speed)
    {
        await using var h = await ApiHarness.StartAsync();
        h.Receiver.RespondWith(500);
        await h.UpgradeAsync();
        var endpoint = await h.CreateEndpointAsync(activate: true);
        Assert.Equal(HttpStatusCode.OK, (await h.Owner.PutAsJsonAsync("/api/clock", new { speed })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await h.Owner.PostAsJsonAsync("/api/soap-notes", new { })).StatusCode);

        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(120)); // a hang guard, not a timing check
        var advanced = await h.Owner.PostAsJsonAsync("/api/clock/advance", new { seconds = 30 * 24 * 3600 }, guard.Token);

        Assert.Equal(HttpStatusCode.OK, advanced.StatusCode);
        var deliveries = await ApiHarness.ReadAsync(await h.Owner.GetAsync($"/api/deliveries?endpoint_id={endpoint}"));
        var delivery = Assert.Single(deliveries.EnumerateArray());
        Assert.Equal("failed", delivery.GetProperty("status").GetString());
        // at a million times real time each POST's real milliseconds are simulated hours, so fewer attempts fit the window
        Assert.InRange(delivery.GetProperty("attempt_count").GetInt32(), speed < 1 ? 11 : 2, 11);
        Assert.Equal(speed, (await ApiHarness.ReadAsync(await h.Owner.GetAsync("/api/clock"))).GetProperty("speed").GetDouble());
    }

    [Theory]
    [InlineData("PUT", "/api/clock", """{"speed":-1}""", "speed")]
    [InlineData("PUT", "/api/clock", """{"speed":"fast"}""", "speed")]
    [InlineData("PUT", "/api/clock", """{}""", "speed")]
    [InlineData("PUT", "/api/clock", """{"speed":1e12}""", "speed")]
    [InlineData("PUT", "/api/clock", """{"speed":0.0001}""", "speed")]
    [InlineData("POST", "/api/clock/advance", """{"seconds":0}""", "seconds")]
    [InlineData("POST", "/api/clock/advance", """{"seconds":-60}""", "seconds")]
    [InlineData("POST", "/api/clock/advance", """{"seconds":99999999999}""", "seconds")]
    [InlineData("POST", "/api/clock/advance", """{"seconds":"soon"}""", "seconds")]
    public async Task Bad_clock_input_is_400_and_leaves_the_clock_alone(string method, string path, string body, string field)
    {
        var h = shared.Harness;
        var before = h.App.Clock.GetUtcNow();
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = ApiHarness.Json(body) };
        await ApiHarness.AssertFieldErrorAsync(await h.Owner.SendAsync(request), field);
        Assert.Equal(60, h.App.Clock.Speed);
        Assert.True(h.App.Clock.GetUtcNow() - before < TimeSpan.FromMinutes(1));
    }
}
