using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Simulator.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace Simulator.Tests.Browser;

/// <summary>
/// The README's five-minute walk-through, step by step as written, in real Chromium against the
/// built-in demo receiver; then the API reference's "Test Request" with the token it comes with.
/// </summary>
[Trait("Category", "Browser")]
public sealed partial class ReadmeWalkthroughTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task The_five_minute_walkthrough_works_as_written()
    {
        await using var app = new SimulatorAppFactory { UseRealPort = true, UseSystemTime = true };
        app.Boot();
        await using var browser = await chromium.NewContextAsync(app.ServerAddress);
        var page = await browser.NewPageAsync();
        var demo = app.ServerAddress + "/demo-receiver";

        // 1. Sign in as Olivia Owner.
        await Ui.OpenAsync(page, "/");
        await Ui.ClickAndReloadAsync(page, Ui.Button(page, "Sign in as Olivia Owner"));
        await Expect(page.Locator("[data-user]")).ToHaveAttributeAsync("data-user", "Olivia Owner");

        // 2. Developer settings → Add endpoint: the demo receiver's /ok, a contact e-mail, soap_note.created.
        await Ui.Nav(page, "Change developers settings").ClickAsync();
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Add endpoint", Exact = true }).ClickAsync();
        await page.GetByLabel("Endpoint URL").FillAsync(demo + "/ok");
        await page.GetByLabel("Contact e-mail").FillAsync("dev@example.com");
        await page.GetByLabel("soap_note.updated").UncheckAsync();
        await Expect(page.GetByLabel("soap_note.created")).ToBeCheckedAsync();
        await Ui.Button(page, "Add endpoint").ClickAsync();
        var endpoint = page.Locator("[data-endpoint]");
        var status = endpoint.Locator("[data-status]").First;
        await Expect(status).ToHaveTextAsync("Inactive");

        // 3. Send test: 200, and the demo receiver page shows the request as received.
        var sendTest = page.Locator("[data-send-test]");
        await sendTest.GetByLabel("soap_note.created").CheckAsync();
        await sendTest.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Send test event" }).ClickAsync();
        await Expect(page.Locator("[data-test-result] [data-outcome]")).ToContainTextAsync("200 OK");
        var receiverPage = await browser.NewPageAsync();
        await Ui.OpenAsync(receiverPage, "/demo-receiver");
        await Expect(receiverPage.Locator("tr[data-request]")).ToHaveCountAsync(1);
        await receiverPage.Locator("tr[data-request] button").ClickAsync();
        await Expect(receiverPage.Locator("[data-request-details] pre")).ToContainTextAsync(TypeCreated());
        await receiverPage.CloseAsync();

        // 4. Activate: refused on Standard; upgrade to Premium on Account & plan; activate.
        await Ui.Button(page, "Activate").ClickAsync();
        await Expect(page.Locator("[data-plan-refusal]")).ToContainTextAsync("Premium plan required");
        await Ui.Nav(page, "Account").ClickAsync();
        await Expect(page.Locator("[data-plan-card] [data-plan]")).ToHaveTextAsync("Standard plan"); // loaded: a click before would be lost
        await Ui.Button(page, "Upgrade to Premium").ClickAsync();
        await Expect(page.Locator("[data-plan-card] [data-plan]")).ToHaveTextAsync("Premium plan");
        await Ui.Nav(page, "Change developers settings").ClickAsync();
        await Expect(status).ToHaveTextAsync("Inactive");
        await Ui.Button(page, "Activate").ClickAsync();
        await Expect(status).ToHaveTextAsync("Active");

        // 5. Edit the URL to /flaky, write a SOAP note: three failures, then delivered.
        await ChangeUrlAsync(page, demo + "/flaky");
        await WriteSoapNoteAsync(page);
        await Ui.Nav(page, "Deliveries").ClickAsync();
        var rows = page.Locator(".delivery-row");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.First.Locator("[data-status]")).ToHaveTextAsync("Succeeded");
        await Expect(rows.First.Locator("[data-attempts]")).ToHaveTextAsync("4");
        await Expect(rows.First.Locator("[data-sent-to]")).ToHaveAttributeAsync("data-sent-to", demo + "/flaky");
        // the test of step 3 still shows where it went, not the endpoint's new URL
        await Expect(rows.Last.Locator("[data-sent-to]")).ToHaveAttributeAsync("data-sent-to", demo + "/ok");
        var firstDelivery = rows.Last.GetByRole(AriaRole.Link).First;
        var heading = (await firstDelivery.TextContentAsync())!.Trim();
        await firstDelivery.ClickAsync();
        await Expect(Ui.Heading(page, heading)).ToBeVisibleAsync();
        await Expect(page.Locator("[data-sent-to]")).ToContainTextAsync(demo + "/ok");
        await Expect(page.Locator("[data-sent-to]")).Not.ToContainTextAsync("flaky");

        // 6. URL to /fail, another SOAP note; once it is retrying, Pause stops the clock, and the 12th
        //    "Advance 1 h" stops at the failure e-mail.
        await ChangeUrlAsync(page, demo + "/fail");
        await WriteSoapNoteAsync(page);
        await Expect(page.Locator("[data-raised-event] [data-raised-delivery] [data-status]")).ToHaveTextAsync("Retrying");
        await Ui.Button(page, "Pause").ClickAsync();
        await Expect(page.Locator("[data-clock-speed]")).ToHaveAttributeAsync("data-clock-speed", "paused");
        Assert.Equal(0, app.Clock.Speed);
        var paused = app.Clock.GetUtcNow();

        var stopped = page.Locator("[data-clock-stopped]");
        var presses = 0;
        while (presses < 20 && !await stopped.IsVisibleAsync())
        {
            var before = await page.Locator("[data-clock-now]").TextContentAsync();
            await Ui.Button(page, "Advance 1 h").ClickAsync();
            presses++;
            await Expect(page.Locator("[data-clock-now]")).Not.ToHaveTextAsync(before!);
            await Expect(Ui.Button(page, "Advance 1 h")).ToBeEnabledAsync();
            if (presses == 1)
            {
                // paused: the jump is exactly one hour, with no real time's worth added by a running clock
                Assert.Equal(paused.AddHours(1), app.Clock.GetUtcNow());
            }
        }
        Assert.Equal(12, presses);
        await Expect(stopped).ToContainTextAsync("Action required: webhook endpoint");
        await Ui.Nav(page, "E-mail outbox").ClickAsync();
        await Expect(page.Locator("[data-email]")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-email-view]")).ToContainTextAsync("is failing");

        // 7. Addressed within the grace (a new URL): the next hour passes and the endpoint stays active.
        await ChangeUrlAsync(page, demo + "/ok");
        await Ui.Button(page, "Advance 1 h").ClickAsync();
        await Expect(Ui.Button(page, "Advance 1 h")).ToBeEnabledAsync();
        await Expect(page.Locator("[data-clock-stopped]")).ToHaveCountAsync(0);
        await Expect(status).ToHaveTextAsync("Active");
        Assert.Single(await app.Service<Simulator.Core.Webhooks.WebhookActivity>().EmailsAsync());

        // Resume brings back the speed before the pause.
        await Ui.Button(page, "Resume").ClickAsync();
        await Expect(page.Locator("[data-clock-speed]")).ToHaveAttributeAsync("data-clock-speed", "60×");
    }

    [Fact]
    public async Task The_api_reference_test_request_answers_200_with_the_token_it_comes_with()
    {
        await using var app = new SimulatorAppFactory { UseRealPort = true, UseSystemTime = true };
        app.Boot();
        await using var browser = await chromium.NewContextAsync(app.ServerAddress);
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/scalar#tag/account/GET/api/account");

        await page.Locator("[id$='tag/account/GET/api/account']").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { NameRegex = TestRequest() }).ClickAsync();
        await Expect(page.GetByText("/api/account").First).ToBeVisibleAsync();
        var response = await page.RunAndWaitForResponseAsync(
            async () => await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { NameRegex = Send() }).First.ClickAsync(),
            r => r.Url.Contains("/api/", StringComparison.Ordinal));

        Assert.Equal(200, response.Status);
        Assert.Equal("Bearer dev-owner-token", await response.Request.HeaderValueAsync("authorization"));
        await Screenshots.SaveAsync(page, "api-reference", forDocs: false);
    }

    private static async Task ChangeUrlAsync(IPage page, string url)
    {
        await Ui.Nav(page, "Change developers settings").ClickAsync();
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Edit" }).First.ClickAsync();
        await Expect(page.GetByLabel("Endpoint URL")).Not.ToBeEmptyAsync(); // the endpoint is loaded into the form
        await page.GetByLabel("Endpoint URL").FillAsync(url);
        await Ui.Button(page, "Save changes").ClickAsync();
        await Expect(page.Locator("[data-endpoint] h2")).ToHaveTextAsync(url);
    }

    private static async Task WriteSoapNoteAsync(IPage page)
    {
        await Ui.Nav(page, "SOAP notes").ClickAsync();
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Write a SOAP note" }).ClickAsync();
        await Expect(page.GetByLabel("Name")).Not.ToBeEmptyAsync();
        await Ui.Button(page, "Save SOAP note").ClickAsync();
        await Expect(page.Locator("[data-raised-event]")).ToHaveAttributeAsync("data-raised-event", "soap_note.created");
    }

    [GeneratedRegex("^Test Request", RegexOptions.IgnoreCase)]
    private static partial Regex TestRequest();

    [GeneratedRegex("\"type\":\\s*\"soap_note.created\"")]
    private static partial Regex TypeCreated();

    [GeneratedRegex("^Send", RegexOptions.IgnoreCase)]
    private static partial Regex Send();
}
