using System.Net;

namespace Simulator.Tests.Web.Api;

public sealed class NotFoundPageTests(SharedApiHarness shared) : IClassFixture<SharedApiHarness>
{
    [Theory]
    [InlineData("/no-such-page")]
    [InlineData("/deliveries/not-a-number")]
    [InlineData("/settings/developer/endpoints/1/nothing")]
    public async Task An_unknown_address_gets_the_simulators_not_found_page_not_the_browsers_bare_404(string path)
    {
        var h = shared.Harness;

        var response = await h.Anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("Page not found", page, StringComparison.Ordinal);
        Assert.Contains("Go to the overview", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_api_route_is_a_problem_not_a_page()
    {
        var h = shared.Harness;

        var response = await h.Owner.GetAsync("/api/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("Page not found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
