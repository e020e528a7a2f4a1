using Simulator.Tests.Core.Dispatching;
using Simulator.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace Simulator.Tests.Browser;

/// <summary>What only a browser shows: where a URL wraps, and whether a badge keeps its distance.</summary>
public sealed class DeliveryLayoutTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    /// <summary>Every place a line of an element's text ends: the character before the break and the one after.</summary>
    private const string LineBreaks = """
        element => {
            const chars = [];
            const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                for (let i = 0; i < node.length; i++) {
                    const range = document.createRange();
                    range.setStart(node, i);
                    range.setEnd(node, i + 1);
                    const rect = range.getClientRects()[0];
                    if (rect) chars.push({ c: node.data[i], top: rect.top });
                }
            }
            const breaks = [];
            for (let i = 1; i < chars.length; i++) {
                if (chars[i].top > chars[i - 1].top + 2) breaks.push(chars[i - 1].c + chars[i].c);
            }
            return breaks;
        }
        """;

    [Fact]
    public async Task A_long_url_wraps_after_a_slash_or_a_dot_and_the_event_badge_keeps_its_distance_from_the_time()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await using var app = Simulation.Premium(new SimulatorAppFactory { UseRealPort = true, UseSystemTime = true });
        app.Boot();
        await app.EndpointAsync(receiver.Url("/webhooks/instinctive/notes"));
        var raised = await app.CreateNoteAsync();
        await app.WhenIdleAsync();
        var delivery = await app.OnlyDeliveryAsync(raised);
        await using var browser = await chromium.NewContextAsync(app.ServerAddress);
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(560, 900); // narrow: the list's columns must wrap
        await Ui.OpenAsync(page, "/sign-in");
        await Ui.ClickAndReloadAsync(page, Ui.Button(page, "Sign in as Olivia Owner"));

        await Ui.OpenAsync(page, "/deliveries");
        var url = page.Locator(".delivery-row [data-sent-to]").First;
        await Expect(url).ToHaveAttributeAsync("data-sent-to", receiver.Url("/webhooks/instinctive/notes"));
        var breaks = await url.EvaluateAsync<string[]>(LineBreaks);

        Assert.NotEmpty(breaks); // it does wrap at this width
        Assert.All(breaks, pair => Assert.Contains(pair[0], "/.?&=#-"));

        await page.SetViewportSizeAsync(1440, 900);
        await Ui.OpenAsync(page, $"/deliveries/{delivery.Id}");
        var badge = page.Locator(".delivery-facts [data-event-status]");
        await Expect(badge).ToHaveTextAsync("Event delivered");
        var time = page.Locator(".delivery-facts dd").First.Locator("time");
        var gap = await page.EvaluateAsync<double>(
            "([time, badge]) => badge.getBoundingClientRect().left - time.getBoundingClientRect().right",
            new[] { await time.ElementHandleAsync(), await badge.ElementHandleAsync() });
        Assert.InRange(gap, 4, 40);
    }
}
