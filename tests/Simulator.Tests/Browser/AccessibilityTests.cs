using System.Net.Http.Json;
using System.Text.Json;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Simulator.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace Simulator.Tests.Browser;

/// <summary>axe-core in Chromium over every page of the navigation and a delivery's page, with data on them.</summary>
[Trait("Category", "Browser")]
public sealed class AccessibilityTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task No_page_has_a_serious_or_critical_axe_violation()
    {
        await using var app = new SimulatorAppFactory { UseRealPort = true, UseSystemTime = true };
        app.Boot();
        var (endpointId, deliveryId) = await SeedAsync(app);
        await using var browser = await chromium.NewContextAsync(app.ServerAddress);
        var page = await browser.NewPageAsync();
        // Bootstrap's buttons fade their colours for 0.15 s unless motion is reduced; axe measuring contrast mid-fade
        // saw a blend of two passing colour pairs as a failing one (CI, once). Reduced, every colour axe sees is final.
        await page.EmulateMediaAsync(new() { ReducedMotion = ReducedMotion.Reduce });
        await Ui.OpenAsync(page, "/sign-in");
        await Expect(Ui.Heading(page, "Who are you today?")).ToBeVisibleAsync();
        var problems = await ViolationsAsync(page, "/sign-in");
        await Ui.ClickAndReloadAsync(page, Ui.Button(page, "Sign in as Olivia Owner"));

        string[] paths =
        [
            "/", "/soap-notes", "/soap-notes/new", "/account", "/settings/developer", $"/settings/developer/endpoints/{endpointId}",
            "/settings/developer/endpoints/new", "/deliveries", $"/deliveries/{deliveryId}", "/outbox", "/demo-receiver",
        ];
        foreach (var path in paths)
        {
            await Ui.OpenAsync(page, path);
            await Expect(page.Locator("h1").First).ToBeVisibleAsync();
            if (path == "/demo-receiver")
            {
                await page.Locator("tr[data-request] button").First.ClickAsync(); // the body, opened
                await Expect(page.Locator("tr[data-request-details]").First).ToBeVisibleAsync();
                await page.Mouse.MoveAsync(0, 0); // nothing hovered: axe checks the colours a reader sees at rest
            }
            problems.AddRange(await ViolationsAsync(page, path));
        }

        Assert.True(problems.Count == 0, "axe-core found serious or critical violations:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task The_deliveries_table_fits_a_1280_px_window_with_a_long_url_and_a_redirect_result()
    {
        await using var app = new SimulatorAppFactory { UseRealPort = true, UseSystemTime = true };
        app.Boot();
        await SeedAsync(app);
        await using var browser = await chromium.NewContextAsync(app.ServerAddress);
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 800);
        await Ui.OpenAsync(page, "/sign-in");
        await Ui.ClickAndReloadAsync(page, Ui.Button(page, "Sign in as Olivia Owner"));

        await Ui.OpenAsync(page, "/deliveries");

        await Expect(page.Locator(".delivery-row [data-outcome=failed]").First).ToContainTextAsync("302");
        var overflow = await page.EvaluateAsync<int>("() => { const t = document.querySelector('.delivery-list .table-responsive'); return t.scrollWidth - t.clientWidth; }");
        Assert.True(overflow <= 0, $"the deliveries table is {overflow} px wider than its box at 1280 px");
    }

    /// <summary>An endpoint with a test send (a delivery, a demo receiver request) and a failed delivery with its e-mail.</summary>
    private static async Task<(int EndpointId, long DeliveryId)> SeedAsync(SimulatorAppFactory app)
    {
        using var api = app.CreateApiClient();
        await api.PutAsJsonAsync("/api/clock", new { speed = 0 });
        (await api.PutAsJsonAsync("/api/account/plan", new { plan = "Premium" })).EnsureSuccessStatusCode();
        var created = await api.PostAsJsonAsync("/api/webhook-endpoints", new
        {
            url = app.ServerAddress + "/demo-receiver/redirect",
            contact_email = "dev@example.com",
            enabled_events = new[] { "soap_note.created" },
            description = "Accessibility check",
        });
        var endpointId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var test = await api.PostAsJsonAsync($"/api/webhook-endpoints/{endpointId}/test", new { event_type = "soap_note.created" });
        var deliveryId = (await test.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        (await api.PostAsync($"/api/webhook-endpoints/{endpointId}/activate", null)).EnsureSuccessStatusCode();
        (await api.PostAsJsonAsync("/api/soap-notes", new { })).EnsureSuccessStatusCode();
        (await api.PostAsJsonAsync("/api/clock/advance", new { seconds = 13 * 3600 })).EnsureSuccessStatusCode();
        return (endpointId, deliveryId);
    }

    private static async Task<List<string>> ViolationsAsync(IPage page, string path)
    {
        AxeResult result = await page.RunAxe();
        return result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .SelectMany(v => v.Nodes.Select(n => $"{path}: {v.Impact} {v.Id} ({v.Help}) at {n.Target}: {n.Html}"))
            .ToList();
    }
}
