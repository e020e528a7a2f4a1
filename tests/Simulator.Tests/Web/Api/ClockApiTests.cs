using System.Net.Http.Json;

namespace Simulator.Tests.Web.Api;

public sealed class ClockApiTests
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
    [InlineData("PUT", "/api/clock", """{"speed":-1}""", "speed")]
    [InlineData("PUT", "/api/clock", """{"speed":"fast"}""", "speed")]
    [InlineData("PUT", "/api/clock", """{}""", "speed")]
    [InlineData("PUT", "/api/clock", """{"speed":1e12}""", "speed")]
    [InlineData("POST", "/api/clock/advance", """{"seconds":0}""", "seconds")]
    [InlineData("POST", "/api/clock/advance", """{"seconds":-60}""", "seconds")]
    [InlineData("POST", "/api/clock/advance", """{"seconds":99999999999}""", "seconds")]
    [InlineData("POST", "/api/clock/advance", """{"seconds":"soon"}""", "seconds")]
    public async Task Bad_clock_input_is_400_and_leaves_the_clock_alone(string method, string path, string body, string field)
    {
        await using var h = await ApiHarness.StartAsync();
        var before = h.App.Clock.GetUtcNow();
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = ApiHarness.Json(body) };
        await ApiHarness.AssertFieldErrorAsync(await h.Owner.SendAsync(request), field);
        Assert.Equal(60, h.App.Clock.Speed);
        Assert.True(h.App.Clock.GetUtcNow() - before < TimeSpan.FromMinutes(1));
    }
}
