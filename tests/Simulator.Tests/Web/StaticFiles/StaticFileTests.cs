using System.Net;
using System.Text.RegularExpressions;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Web.StaticFiles;

public sealed partial class StaticFileTests
{
    [GeneratedRegex("""<(?:link|script)[^>]+(?:href|src)="(?<url>[^"]+)"[^>]*>""")]
    private static partial Regex LinkedFile();

    [Fact]
    public async Task Every_stylesheet_script_and_icon_a_page_links_is_served()
    {
        await using var app = new SimulatorAppFactory();
        app.Boot();
        using var client = app.CreateApiClient(token: null);
        var page = await client.GetStringAsync("/sign-in");
        var urls = LinkedFile().Matches(page).Select(m => m.Groups["url"].Value).Where(u => !u.StartsWith("http", StringComparison.Ordinal)).ToList();
        Assert.Contains(urls, u => u.Contains("bootstrap.min", StringComparison.Ordinal) && u.EndsWith(".css", StringComparison.Ordinal));
        Assert.Contains(urls, u => u.Contains("app", StringComparison.Ordinal) && u.EndsWith(".css", StringComparison.Ordinal));
        foreach (var url in urls)
        {
            var response = await client.GetAsync(url.StartsWith('/') ? url : "/" + url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
        }
    }
}
