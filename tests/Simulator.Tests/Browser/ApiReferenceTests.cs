using System.Collections.Concurrent;
using Microsoft.Playwright;
using Simulator.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace Simulator.Tests.Browser;

/// <summary>
/// <c>/scalar</c> works on a machine without internet: every request the page makes goes to the
/// simulator itself, and it offers no button that needs an account at Scalar.
/// </summary>
public sealed class ApiReferenceTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task The_api_reference_loads_nothing_from_outside_the_machine_and_shows_no_account_buttons()
    {
        await using var app = new SimulatorAppFactory { UseRealPort = true, UseSystemTime = true };
        app.Boot();
        await using var browser = await chromium.NewContextAsync(app.ServerAddress);
        var local = new Uri(app.ServerAddress).Authority;
        var outside = new ConcurrentQueue<string>();
        var inside = new ConcurrentQueue<string>();
        // every request is seen here; one that would leave the machine is recorded and refused, so the test needs no network
        await browser.RouteAsync("**/*", async route =>
        {
            var url = new Uri(route.Request.Url);
            if (url.Scheme is "http" or "https" or "ws" or "wss" && url.Authority != local)
            {
                outside.Enqueue(route.Request.Url);
                await route.AbortAsync();
                return;
            }
            inside.Enqueue(route.Request.Url);
            await route.ContinueAsync();
        });
        var page = await browser.NewPageAsync();

        await page.GotoAsync("/scalar");
        await Expect(page.GetByText("Instinctive Notes Webhook Simulator API").First).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        var accountButtons = new List<string>();
        foreach (var words in new[] { "Ask AI", "Generate SDK", "Deploy" })
        {
            if (await page.GetByText(words, new PageGetByTextOptions { Exact = false }).CountAsync() > 0)
            {
                accountButtons.Add(words);
            }
        }

        Assert.Contains(inside, u => u.Contains("/openapi/v1.json", StringComparison.Ordinal));
        Assert.True(
            outside.IsEmpty && accountButtons.Count == 0,
            $"requests that left the machine: [{string.Join(", ", outside)}]; buttons that need an account at Scalar: [{string.Join(", ", accountButtons)}]");
    }
}
