using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Simulator.Tests.Browser;

/// <summary>
/// Moves around the UI the way a person does, but only once Blazor is listening: a click made
/// before the circuit's <c>/_blazor</c> websocket is up would be lost.
/// </summary>
public static class Ui
{
    /// <summary>Loads <paramref name="path"/> and waits for the circuit and the interactive page.</summary>
    public static async Task OpenAsync(IPage page, string path)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.RunAndWaitForWebSocketAsync(
            async () => await page.GotoAsync(path),
            new PageRunAndWaitForWebSocketOptions { Predicate = IsCircuit });
        await WaitInteractiveAsync(page);
    }

    /// <summary>Clicks something that loads a whole new page (a form POST such as signing in) and waits for its circuit.</summary>
    public static async Task ClickAndReloadAsync(IPage page, ILocator target)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(target);
        await page.RunAndWaitForWebSocketAsync(
            async () => await target.ClickAsync(),
            new PageRunAndWaitForWebSocketOptions { Predicate = IsCircuit });
        await WaitInteractiveAsync(page);
    }

    /// <summary>A link in the side navigation.</summary>
    public static ILocator Nav(IPage page, string name) =>
        page.Locator("nav.side-nav").GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = name, Exact = false });

    /// <summary>A button by its words; <paramref name="exact"/> false when more follows them (a countdown).</summary>
    public static ILocator Button(IPage page, string name, bool exact = true) =>
        page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = name, Exact = exact });

    public static ILocator Heading(IPage page, string name) =>
        page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = name, Level = 1 });

    private static bool IsCircuit(IWebSocket socket) => socket.Url.Contains("/_blazor", StringComparison.Ordinal);

    private static Task WaitInteractiveAsync(IPage page) =>
        Expect(page.Locator(".page[data-interactive=true]")).ToBeAttachedAsync();
}
