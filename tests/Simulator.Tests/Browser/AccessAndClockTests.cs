using System.Text.RegularExpressions;
using Simulator.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace Simulator.Tests.Browser;

[Trait("Category", "Browser")]
public sealed partial class AccessAndClockTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task A_practitioner_who_opens_developer_settings_is_told_only_an_owner_may_and_can_continue_as_one()
    {
        await using var app = new SimulatorAppFactory { UseRealPort = true, UseSystemTime = true };
        app.Boot();
        await using var browser = await chromium.NewContextAsync(app.ServerAddress);
        var page = await browser.NewPageAsync();

        await Ui.OpenAsync(page, "/sign-in");
        await Ui.ClickAndReloadAsync(page, Ui.Button(page, "Sign in as Pat Practitioner"));
        await Ui.OpenAsync(page, "/settings/developer");

        await Expect(page).ToHaveURLAsync(OwnerRequiredUrl()); // the server refused, not just the page
        await Expect(Ui.Heading(page, "Only an Owner can set up and test webhooks")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-owner-required]")).ToContainTextAsync("you must be an Owner");
        await Expect(page.Locator("[data-endpoints], [data-empty]")).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(page, "owner-required", forDocs: false);

        await Ui.ClickAndReloadAsync(page, Ui.Button(page, "Continue as Olivia Owner (Owner)"));
        await Expect(Ui.Heading(page, "Developer settings")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-user]")).ToHaveAttributeAsync("data-user", "Olivia Owner");

        await Ui.ClickAndReloadAsync(page, Ui.Button(page, "Sign out"));
        await Expect(Ui.Heading(page, "Who are you today?")).ToBeVisibleAsync();
        await Ui.OpenAsync(page, "/deliveries");
        await Expect(page).ToHaveURLAsync(SignInUrl());
    }

    [Fact]
    public async Task The_speed_buttons_set_the_simulation_clock_and_advance_moves_it_an_hour()
    {
        await using var app = new SimulatorAppFactory { UseRealPort = true, UseSystemTime = true };
        app.Boot();
        await using var browser = await chromium.NewContextAsync(app.ServerAddress);
        var page = await browser.NewPageAsync();
        await Ui.OpenAsync(page, "/sign-in");
        await Ui.ClickAndReloadAsync(page, Ui.Button(page, "Sign in as Olivia Owner"));

        await Ui.Button(page, "3600×").ClickAsync();
        await Expect(page.Locator("[data-clock-speed]")).ToHaveAttributeAsync("data-clock-speed", "3600×");
        Assert.Equal(3600, app.Clock.Speed);

        await Ui.Button(page, "1×").ClickAsync();
        await Expect(page.Locator("[data-clock-speed]")).ToHaveAttributeAsync("data-clock-speed", "1×");
        var before = app.Clock.GetUtcNow();
        await Ui.Button(page, "Advance 1 h").ClickAsync();
        var hour = before.AddHours(1);
        await Expect(page.Locator("[data-clock-now]")).ToHaveTextAsync(new Regex($"· ({hour:HH}|{hour.AddHours(1):HH}):"));
        Assert.True(app.Clock.GetUtcNow() - before >= TimeSpan.FromHours(1));
    }

    [GeneratedRegex("/sign-in")]
    private static partial Regex SignInUrl();

    [GeneratedRegex("/owner-required")]
    private static partial Regex OwnerRequiredUrl();
}
