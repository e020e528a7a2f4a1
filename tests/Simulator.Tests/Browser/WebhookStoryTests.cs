using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Simulator.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace Simulator.Tests.Browser;

/// <summary>The whole story in real Chromium, as a new user would walk it.</summary>
[Trait("Category", "Browser")]
public sealed partial class WebhookStoryTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task An_owner_sets_up_tests_and_activates_an_endpoint_then_watches_it_fail_and_get_disabled()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await using var failing = await TestReceiver.StartAsync();
        failing.RespondWith(500, "{\"error\":\"database unavailable\"}");
        await using var app = new SimulatorAppFactory { UseRealPort = true, UseSystemTime = true };
        app.Boot();
        await using var browser = await chromium.NewContextAsync(app.ServerAddress);
        var page = await browser.NewPageAsync();

        // Sign in: the simulator asks who you are, and you act as the Owner.
        await Ui.OpenAsync(page, "/");
        await Expect(page).ToHaveURLAsync(SignInUrl());
        await Expect(Ui.Heading(page, "Who are you today?")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "sign-in");
        await Ui.ClickAndReloadAsync(page, Ui.Button(page, "Sign in as Olivia Owner"));
        await Expect(page.Locator("[data-user]")).ToHaveAttributeAsync("data-user", "Olivia Owner");
        await Screenshots.SaveAsync(page, "overview", forDocs: false);

        // Add an endpoint; the form checks the URL as you type; the new endpoint is Inactive.
        await Ui.Nav(page, "Change developers settings").ClickAsync();
        await Expect(Ui.Heading(page, "Developer settings")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Add endpoint", Exact = true }).ClickAsync();
        var url = page.GetByLabel("Endpoint URL");
        await url.FillAsync("example.com/webhooks");
        await Expect(page.Locator("[data-error-for=url]")).ToContainTextAsync("absolute URL");
        await url.FillAsync(receiver.Url("/webhooks"));
        await Expect(page.Locator("[data-error-for=url]")).ToBeEmptyAsync();
        await page.GetByLabel("Contact e-mail").FillAsync("dev@example.com");
        await Expect(page.GetByLabel("soap_note.created")).ToBeCheckedAsync(); // what the README's walk-through subscribes to
        await page.GetByLabel("soap_note.updated").CheckAsync(); // the story below changes a note too
        await Screenshots.SaveAsync(page, "endpoint-form", forDocs: false);
        await Ui.Button(page, "Add endpoint").ClickAsync();
        var endpoint = page.Locator("[data-endpoint]");
        var status = endpoint.Locator("[data-status]").First;
        await Expect(status).ToHaveTextAsync("Inactive");

        // Activating on Standard is refused, with the reason and an upgrade right there.
        await Ui.Button(page, "Activate").ClickAsync();
        var refusal = page.Locator("[data-plan-refusal]");
        await Expect(refusal).ToContainTextAsync("Premium plan required");
        await refusal.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Upgrade to Premium" }).ClickAsync();
        await Expect(page.GetByText("Upgraded to Premium")).ToBeVisibleAsync();
        await Ui.Button(page, "Activate").ClickAsync();
        await Expect(status).ToHaveTextAsync("Active");

        // Send a test: 200, how long it took, and the exact JSON sent.
        var sendTest = page.Locator("[data-send-test]");
        await sendTest.GetByLabel("soap_note.created").CheckAsync();
        await sendTest.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Send test event" }).ClickAsync();
        var result = page.Locator("[data-test-result]");
        await Expect(result.Locator("[data-outcome]")).ToContainTextAsync("200 OK");
        // "12 ms", or "1.5 s" on a machine busy enough to take a second: the form, not the speed
        await Expect(result.Locator("[data-duration]")).ToHaveTextAsync(new Regex(@"^\d+ ms$|^\d+(\.\d)? s$"));
        await Expect(result.Locator("[data-json]")).ToContainTextAsync("\"type\": \"soap_note.created\"");
        await receiver.WaitForRequestsAsync(1);
        Assert.Equal("soap_note.created", TypeOf(receiver.Requests.Single().Body));
        await Screenshots.SaveAsync(page, "send-test");

        // A second tab watches the deliveries while a SOAP note is written in the first.
        var watcher = await browser.NewPageAsync();
        await Ui.OpenAsync(watcher, "/deliveries");
        var rows = watcher.Locator(".delivery-row");
        await Expect(rows).ToHaveCountAsync(1);

        await Ui.Nav(page, "SOAP notes").ClickAsync();
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Write a SOAP note" }).ClickAsync();
        await Expect(page.GetByLabel("Name")).Not.ToBeEmptyAsync();
        await Ui.Button(page, "Save SOAP note").ClickAsync();
        var raised = page.Locator("[data-raised-event]");
        await Expect(raised).ToHaveAttributeAsync("data-raised-event", "soap_note.created");
        await Expect(raised.Locator("[data-raised-delivery] [data-status]")).ToHaveTextAsync("Succeeded");

        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.First).ToContainTextAsync("soap_note.created");
        await Expect(rows.First.Locator("[data-status]")).ToHaveTextAsync("Succeeded");
        await Screenshots.SaveAsync(watcher, "deliveries");
        await receiver.WaitForRequestsAsync(2);

        await Ui.Nav(page, "SOAP notes").ClickAsync();
        await Expect(page.Locator("[data-soap-notes] tbody tr")).ToHaveCountAsync(11);
        await Screenshots.SaveAsync(page, "soap-notes");

        // Point the endpoint at a failing receiver; real time is slowed to 1× so only "advance" moves it.
        await Ui.Button(page, "1×").ClickAsync();
        await Expect(page.Locator("[data-clock-speed]")).ToHaveAttributeAsync("data-clock-speed", "1×");
        await Ui.Nav(page, "Change developers settings").ClickAsync();
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Edit" }).ClickAsync();
        await page.GetByLabel("Endpoint URL").FillAsync(failing.Url("/webhooks"));
        await Ui.Button(page, "Save changes").ClickAsync();
        await Expect(page.Locator("[data-endpoint] h2")).ToHaveTextAsync(failing.Url("/webhooks"));

        // Change a SOAP note: the update goes to the failing receiver and is retried.
        await Ui.Nav(page, "SOAP notes").ClickAsync();
        await page.Locator("[data-soap-notes] tbody tr a").First.ClickAsync();
        await Ui.Button(page, "Make a random change").ClickAsync();
        await Expect(raised).ToHaveAttributeAsync("data-raised-event", "soap_note.updated");
        await Expect(raised.Locator("[data-raised-delivery] [data-status]")).ToHaveTextAsync("Retrying");
        await Screenshots.SaveAsync(page, "soap-note-changed", forDocs: false);
        await raised.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { NameRegex = DeliveryLink() }).ClickAsync();

        // Watch the attempts: each "advance to the next attempt" makes one more, until the 12 hours run out.
        var attempts = page.Locator("[data-attempt-count]");
        var deliveryFailed = page.Locator("[data-delivery-status] [data-status=failed]");
        var nextScheduled = page.Locator("[data-next-attempt] time");
        await Expect(attempts).Not.ToHaveTextAsync("0"); // at 1× the early retries may already have run on their own
        await Expect(page.Locator("[data-timeline] [data-mark=planned]")).Not.ToHaveCountAsync(0);
        await Screenshots.SaveAsync(page, "delivery-retrying", forDocs: false);
        for (var clicks = 0; clicks < 30; clicks++)
        {
            await Expect(deliveryFailed.Or(nextScheduled)).ToBeVisibleAsync();
            if (await deliveryFailed.IsVisibleAsync())
            {
                break;
            }
            var before = await attempts.TextContentAsync();
            await Ui.Button(page, "Advance to next attempt", exact: false).ClickAsync();
            await Expect(attempts).Not.ToHaveTextAsync(before!);
        }
        await Expect(deliveryFailed).ToBeVisibleAsync();
        var made = int.Parse(await attempts.TextContentAsync() ?? "0", CultureInfo.InvariantCulture);
        Assert.True(made >= 5, $"a delivery failing for 12 hours makes many attempts, not {made}");
        await Expect(page.Locator("[data-timeline] [data-mark=failed]")).ToHaveCountAsync(made);
        Assert.Equal(made, failing.Count);
        await Screenshots.SaveAsync(page, "delivery-timeline");

        // The contact is e-mailed; an hour later, unaddressed, the endpoint is disabled.
        await Ui.Nav(page, "E-mail outbox").ClickAsync();
        await Expect(page.Locator("[data-email-view]")).ToContainTextAsync("Action required: webhook endpoint");
        await Ui.Nav(page, "Change developers settings").ClickAsync();
        await Expect(page.Locator("[data-failing]")).ToContainTextAsync("It will be disabled at");
        await Ui.Button(page, "Advance 1 h").ClickAsync();
        await Expect(status).ToHaveTextAsync("Disabled");
        await Expect(page.Locator("[data-status-reason]")).ToContainTextAsync("Disabled automatically");
        await Screenshots.SaveAsync(page, "developer-settings");

        await Ui.Nav(page, "E-mail outbox").ClickAsync();
        await Expect(page.Locator("[data-email]")).ToHaveCountAsync(2);
        await Expect(page.Locator("[data-email-view]")).ToContainTextAsync("has been disabled");
        await Screenshots.SaveAsync(page, "outbox");

        await Ui.Nav(page, "Account").ClickAsync();
        await Expect(page.Locator("[data-plan-card] [data-plan]")).ToHaveTextAsync("Premium plan");
        await Screenshots.SaveAsync(page, "account");
    }

    private static string? TypeOf(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("type").GetString();
    }

    [GeneratedRegex("/sign-in")]
    private static partial Regex SignInUrl();

    [GeneratedRegex(@"^Delivery #\d+$")]
    private static partial Regex DeliveryLink();
}
