using Bunit;
using Simulator.Web.Components;
using Simulator.Web.Components.Pages.Accounts;

namespace Simulator.Tests.Web.Components;

public sealed class OwnerOnlyTests : ComponentTestContext
{
    [Fact]
    public void A_practitioner_opening_developer_settings_is_told_only_an_owner_may_set_up_webhooks()
    {
        SignInAsPractitioner();
        Navigation.NavigateTo("settings/developer");

        var app = Render<Routes>();

        var notice = app.WaitForElement("[data-owner-required]");
        Assert.Contains("you must be an Owner", notice.TextContent, StringComparison.Ordinal);
        Assert.Contains("Pat Practitioner", notice.TextContent, StringComparison.Ordinal);
        Assert.Contains(notice.QuerySelectorAll("button"), b => b.TextContent.Contains("Continue as Olivia Owner", StringComparison.Ordinal));
        Assert.Empty(app.FindAll("[data-endpoints], [data-empty], a[href='settings/developer/endpoints/new']"));
    }

    [Theory]
    [InlineData("deliveries")]
    [InlineData("outbox")]
    [InlineData("settings/developer/endpoints/new")]
    public void Every_webhook_page_is_refused_to_a_practitioner(string path)
    {
        SignInAsPractitioner();
        Navigation.NavigateTo(path);

        var app = Render<Routes>();

        app.WaitForElement("[data-owner-required]");
    }

    [Fact]
    public void An_owner_opening_developer_settings_sees_them()
    {
        Navigation.NavigateTo("settings/developer");

        var app = Render<Routes>();

        app.WaitForAssertion(() => Assert.NotNull(app.Find("h1").TextContent.Contains("Developer settings", StringComparison.Ordinal) ? app.Find("h1") : null));
        Assert.Empty(app.FindAll("[data-owner-required]"));
        Assert.NotNull(app.Find("[data-empty]"));
    }

    [Fact]
    public void Only_an_owner_is_offered_to_change_the_plan()
    {
        SignInAsPractitioner();

        var card = Render<PlanCard>();

        card.WaitForAssertion(() => Assert.Contains("Only an Owner can change the plan", card.Markup, StringComparison.Ordinal));
        Assert.DoesNotContain(card.FindAll("button"), b => b.TextContent.Contains("Upgrade", StringComparison.Ordinal));
    }
}
