using System.Net;
using System.Net.Http.Json;

namespace Simulator.Tests.Web.Api;

public sealed class AccountApiTests(SharedApiHarness shared) : IClassFixture<SharedApiHarness>
{
    [Fact]
    public async Task The_account_starts_on_the_configured_plan_and_changes_plan()
    {
        await using var h = await ApiHarness.StartAsync();
        var account = await ApiHarness.ReadAsync(await h.Owner.GetAsync("/api/account"));
        Assert.Equal("Standard", account.GetProperty("plan").GetString());
        Assert.False(account.GetProperty("webhooks_can_be_activated").GetBoolean());
        Assert.False(string.IsNullOrWhiteSpace(account.GetProperty("practice_name").GetString()));

        var changed = await h.Owner.PutAsJsonAsync("/api/account/plan", new { plan = "Premium" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("Premium", (await ApiHarness.ReadAsync(changed)).GetProperty("plan").GetString());
        Assert.Equal("Premium", (await ApiHarness.ReadAsync(await h.Owner.GetAsync("/api/account"))).GetProperty("plan").GetString());
    }

    [Theory]
    [InlineData("""{"plan":"Gold"}""", "plan")]
    [InlineData("""{"plan":5}""", "plan")]
    [InlineData("""{"plan":null}""", "plan")]
    [InlineData("""{}""", "plan")]
    [InlineData("""{"plan":"Premium" """, "body")]
    [InlineData("""[1,2]""", "body")]
    public async Task A_bad_plan_request_is_400_naming_the_field_and_changes_nothing(string body, string field)
    {
        var h = shared.Harness;
        await ApiHarness.AssertFieldErrorAsync(await h.Owner.PutAsync("/api/account/plan", ApiHarness.Json(body)), field);
        Assert.Equal("Standard", (await ApiHarness.ReadAsync(await h.Owner.GetAsync("/api/account"))).GetProperty("plan").GetString());
    }

    [Fact]
    public async Task Moving_to_standard_deactivates_active_endpoints()
    {
        await using var h = await ApiHarness.StartAsync();
        await h.UpgradeAsync();
        var id = await h.CreateEndpointAsync(activate: true);
        (await h.Owner.PutAsJsonAsync("/api/account/plan", new { plan = "Standard" })).EnsureSuccessStatusCode();
        var endpoint = await ApiHarness.ReadAsync(await h.Owner.GetAsync($"/api/webhook-endpoints/{id}"));
        Assert.Equal("inactive", endpoint.GetProperty("status").GetString());
        Assert.Contains("Standard", endpoint.GetProperty("status_reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_users_are_the_contracts_two_seeded_users()
    {
        await using var h = await ApiHarness.StartAsync();
        var users = await ApiHarness.ReadAsync(await h.Owner.GetAsync("/api/users"));
        Assert.Equal(2, users.GetArrayLength());
        Assert.Equal("Olivia Owner", users[0].GetProperty("name").GetString());
        Assert.Equal("owner@example.com", users[0].GetProperty("email").GetString());
        Assert.Equal("Owner", users[0].GetProperty("role").GetString());
        Assert.Equal("Pat Practitioner", users[1].GetProperty("name").GetString());
        Assert.Equal("Practitioner", users[1].GetProperty("role").GetString());
        Assert.False(users[0].TryGetProperty("api_token", out _));
    }
}
