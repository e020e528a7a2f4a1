using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Web.Security;

/// <summary>
/// The sign-in cookie lives in real time: advancing the simulated clock (30 days at a time is
/// allowed) signs nobody out, while 30 real days do.
/// </summary>
public sealed partial class SignInCookieTests
{
    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"(?<token>[^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [Fact]
    public async Task Advancing_simulated_time_past_the_cookies_lifetime_keeps_the_user_signed_in_and_real_time_does_not()
    {
        await using var app = new SimulatorAppFactory();
        app.Boot();
        using var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await SignInAsOwnerAsync(browser);
        app.Clock.SetSpeed(0); // only the advances below move simulated time

        await app.Control.AdvanceAsync(TimeSpan.FromDays(30));
        await app.Control.AdvanceAsync(TimeSpan.FromDays(30));
        await app.Control.AdvanceAsync(TimeSpan.FromDays(1));

        using (var page = await browser.GetAsync("/settings/developer"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        app.RealTime.Advance(TimeSpan.FromDays(31));

        using var expired = await browser.GetAsync("/settings/developer");
        Assert.Equal(HttpStatusCode.Redirect, expired.StatusCode);
        var location = expired.Headers.Location!;
        Assert.StartsWith("/sign-in", location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString, StringComparison.Ordinal);
    }

    private static async Task SignInAsOwnerAsync(HttpClient browser)
    {
        using var page = await browser.GetAsync("/sign-in");
        var token = AntiforgeryToken().Match(await page.Content.ReadAsStringAsync()).Groups["token"].Value;
        Assert.NotEmpty(token);
        using var response = await browser.PostAsync("/account/sign-in", new FormUrlEncodedContent(
            [new("userId", "1"), new("returnUrl", "/"), new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        using var signedIn = await browser.GetAsync("/settings/developer");
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
    }
}
