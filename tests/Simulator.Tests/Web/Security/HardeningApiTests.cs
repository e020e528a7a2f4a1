using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Simulator.Tests.TestSupport;
using Simulator.Tests.Web.Api;

namespace Simulator.Tests.Web.Security;

/// <summary>Small holes of issue 14, through HTTP as a user or a script would hit them.</summary>
public sealed partial class HardeningApiTests
{
    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"(?<token>[^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [Theory]
    [InlineData("https://user:secret@example.com/webhooks")]
    [InlineData("http://token@127.0.0.1:5005/hook")]
    public async Task An_endpoint_url_with_credentials_is_a_400_naming_url_on_create_and_change(string url)
    {
        await using var h = await ApiHarness.StartAsync();
        var id = await h.CreateEndpointAsync();

        await ApiHarness.AssertFieldErrorAsync(
            await h.Owner.PostAsJsonAsync("/api/webhook-endpoints", new { url, contact_email = "dev@example.com", enabled_events = new[] { "soap_note.created" } }),
            "url");
        await ApiHarness.AssertFieldErrorAsync(await h.Owner.PatchAsJsonAsync($"/api/webhook-endpoints/{id}", new { url }), "url");

        Assert.Equal(1, await h.CountAsync("/api/webhook-endpoints"));
        Assert.Equal(h.Receiver.Url(), (await ApiHarness.ReadAsync(await h.Owner.GetAsync($"/api/webhook-endpoints/{id}"))).GetProperty("url").GetString());
    }

    [Fact]
    public async Task Retrying_a_delivery_whose_endpoint_was_deleted_is_a_409_and_makes_no_attempt()
    {
        await using var h = await ApiHarness.StartAsync();
        await h.UpgradeAsync();
        var id = await h.CreateEndpointAsync(activate: true);
        (await h.Owner.PostAsJsonAsync("/api/soap-notes", new { })).EnsureSuccessStatusCode();
        await h.App.WaitUntilAsync(async () => (await ApiHarness.ReadAsync(await h.Owner.GetAsync($"/api/deliveries?endpoint_id={id}")))
            .EnumerateArray().Any(d => d.GetProperty("status").GetString() == "succeeded"));
        var delivery = (await ApiHarness.ReadAsync(await h.Owner.GetAsync($"/api/deliveries?endpoint_id={id}")))[0];
        var deliveryId = delivery.GetProperty("id").GetInt64();
        (await h.Owner.DeleteAsync($"/api/webhook-endpoints/{id}")).EnsureSuccessStatusCode();

        await ApiHarness.AssertProblemAsync(await h.Owner.PostAsync($"/api/deliveries/{deliveryId}/retry", null), HttpStatusCode.Conflict);

        var after = await ApiHarness.ReadAsync(await h.Owner.GetAsync($"/api/deliveries/{deliveryId}"));
        Assert.Equal(delivery.GetProperty("attempt_count").GetInt32(), after.GetProperty("attempt_count").GetInt32());
        Assert.Single(h.Receiver.Requests);
    }

    [Fact]
    public async Task A_change_racing_a_delete_answers_200_or_404_never_500()
    {
        await using var h = await ApiHarness.StartAsync();
        for (var round = 0; round < 5; round++)
        {
            var id = await h.CreateEndpointAsync();
            var patch = h.Owner.PatchAsJsonAsync($"/api/webhook-endpoints/{id}", new { description = "racing" });
            var deactivate = h.Owner.PostAsync($"/api/webhook-endpoints/{id}/deactivate", null);
            var delete = h.Owner.DeleteAsync($"/api/webhook-endpoints/{id}");
            var answers = await Task.WhenAll(patch, deactivate, delete);

            Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.NoContent, HttpStatusCode.NotFound, HttpStatusCode.Conflict }));
            Assert.Equal(HttpStatusCode.NoContent, answers[2].StatusCode);
        }
    }

    [Fact]
    public async Task Sign_out_needs_the_antiforgery_token_of_a_form_of_this_site()
    {
        await using var app = new SimulatorAppFactory();
        app.Boot();
        using var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var token = await SignInAsync(browser, "/");

        using var forged = await browser.PostAsync("/account/sign-out", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.False(forged.Headers.TryGetValues("Set-Cookie", out _));
        using var stillIn = await browser.GetAsync("/settings/developer");
        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);

        using var real = await browser.PostAsync("/account/sign-out", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.Redirect, real.StatusCode);
        Assert.Equal("/sign-in", real.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/\u0001evil")]
    [InlineData("/deliveries\r\nSet-Cookie: x=1")]
    [InlineData("//evil.example")]
    public async Task A_return_url_with_control_characters_or_another_host_goes_home_instead_of_failing(string returnUrl)
    {
        await using var app = new SimulatorAppFactory();
        app.Boot();
        using var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var signIn = await browser.GetAsync("/sign-in?ReturnUrl=" + Uri.EscapeDataString(returnUrl));
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var token = AntiforgeryToken().Match(await signIn.Content.ReadAsStringAsync()).Groups["token"].Value;
        using var response = await browser.PostAsync("/account/sign-in", new FormUrlEncodedContent(
            [new("userId", "1"), new("returnUrl", returnUrl), new("__RequestVerificationToken", token)]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    /// <summary>Signs in as the Owner through the sign-in form; returns the antiforgery token of a page seen signed in.</summary>
    private static async Task<string> SignInAsync(HttpClient browser, string returnUrl)
    {
        using var page = await browser.GetAsync("/sign-in");
        var token = AntiforgeryToken().Match(await page.Content.ReadAsStringAsync()).Groups["token"].Value;
        Assert.NotEmpty(token);
        using var response = await browser.PostAsync("/account/sign-in", new FormUrlEncodedContent(
            [new("userId", "1"), new("returnUrl", returnUrl), new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        using var home = await browser.GetAsync("/");
        var signedIn = AntiforgeryToken().Match(await home.Content.ReadAsStringAsync()).Groups["token"].Value;
        Assert.NotEmpty(signedIn);
        return signedIn;
    }
}
