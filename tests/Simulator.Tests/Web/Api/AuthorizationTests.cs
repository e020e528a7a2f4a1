using System.Net;
using System.Net.Http.Headers;

namespace Simulator.Tests.Web.Api;

public sealed class AuthorizationTests(SharedApiHarness shared) : IClassFixture<SharedApiHarness>
{
    public static TheoryData<string, string> ApiRoutes => new()
    {
        { "GET", "/api/account" },
        { "PUT", "/api/account/plan" },
        { "GET", "/api/users" },
        { "GET", "/api/soap-notes" },
        { "GET", "/api/soap-notes/1" },
        { "POST", "/api/soap-notes" },
        { "PATCH", "/api/soap-notes/1" },
        { "GET", "/api/webhook-endpoints" },
        { "POST", "/api/webhook-endpoints" },
        { "GET", "/api/webhook-endpoints/1" },
        { "PATCH", "/api/webhook-endpoints/1" },
        { "DELETE", "/api/webhook-endpoints/1" },
        { "POST", "/api/webhook-endpoints/1/activate" },
        { "POST", "/api/webhook-endpoints/1/deactivate" },
        { "POST", "/api/webhook-endpoints/1/test" },
        { "GET", "/api/events" },
        { "GET", "/api/events/1" },
        { "GET", "/api/deliveries" },
        { "GET", "/api/deliveries/1" },
        { "POST", "/api/deliveries/1/retry" },
        { "POST", "/api/deliveries/1/cancel" },
        { "GET", "/api/clock" },
        { "PUT", "/api/clock" },
        { "POST", "/api/clock/advance" },
        { "GET", "/api/emails" },
        { "GET", "/api/demo-receiver/requests" },
        { "DELETE", "/api/demo-receiver/requests" },
    };

    public static TheoryData<string, string> OwnerOnlyRoutes => new()
    {
        { "PUT", "/api/account/plan" },
        { "GET", "/api/webhook-endpoints" },
        { "POST", "/api/webhook-endpoints" },
        { "GET", "/api/webhook-endpoints/1" },
        { "PATCH", "/api/webhook-endpoints/1" },
        { "DELETE", "/api/webhook-endpoints/1" },
        { "POST", "/api/webhook-endpoints/1/activate" },
        { "POST", "/api/webhook-endpoints/1/deactivate" },
        { "POST", "/api/webhook-endpoints/1/test" },
        { "GET", "/api/events" },
        { "GET", "/api/events/1" },
        { "GET", "/api/deliveries" },
        { "GET", "/api/deliveries/1" },
        { "POST", "/api/deliveries/1/retry" },
        { "POST", "/api/deliveries/1/cancel" },
        { "GET", "/api/emails" },
        { "GET", "/api/demo-receiver/requests" },
        { "DELETE", "/api/demo-receiver/requests" },
    };

    [Theory]
    [MemberData(nameof(ApiRoutes))]
    public async Task Every_api_route_without_a_token_is_401_problem(string method, string path)
    {
        var h = shared.Harness;
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = ApiHarness.Json("{}") };
        var response = await h.Anonymous.SendAsync(request);
        await ApiHarness.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "Authentication required");
    }

    [Fact]
    public async Task An_unknown_token_is_401()
    {
        await using var h = await ApiHarness.StartAsync();
        h.Anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
        await ApiHarness.AssertProblemAsync(await h.Anonymous.GetAsync("/api/account"), HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(OwnerOnlyRoutes))]
    public async Task A_practitioner_is_refused_webhook_delivery_event_and_email_routes_with_403(string method, string path)
    {
        var h = shared.Harness;
        var before = await h.CountAsync("/api/webhook-endpoints");
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = ApiHarness.Json("""{"url":"http://127.0.0.1:9/x","contact_email":"a@example.com","enabled_events":["soap_note.created"],"plan":"Premium","event_type":"soap_note.created"}"""),
        };
        var response = await h.Practitioner.SendAsync(request);
        await ApiHarness.AssertProblemAsync(response, HttpStatusCode.Forbidden, "Owner role required");
        Assert.Equal(before, await h.CountAsync("/api/webhook-endpoints"));
        Assert.Equal("Standard", (await ApiHarness.ReadAsync(await h.Owner.GetAsync("/api/account"))).GetProperty("plan").GetString());
    }

    [Fact]
    public async Task A_practitioner_may_read_and_write_soap_notes_and_see_the_account_users_and_clock()
    {
        var h = shared.Harness;
        Assert.Equal(HttpStatusCode.OK, (await h.Practitioner.GetAsync("/api/soap-notes")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await h.Practitioner.PostAsync("/api/soap-notes", ApiHarness.Json("{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await h.Practitioner.PatchAsync("/api/soap-notes/1", ApiHarness.Json("{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await h.Practitioner.GetAsync("/api/account")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await h.Practitioner.GetAsync("/api/users")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await h.Practitioner.GetAsync("/api/clock")).StatusCode);
    }

    [Fact]
    public async Task A_note_created_by_a_practitioner_names_them_as_author()
    {
        var h = shared.Harness;
        var note = await ApiHarness.ReadAsync(await h.Practitioner.PostAsync("/api/soap-notes", ApiHarness.Json("{}")));
        Assert.Equal("Pat Practitioner", note.GetProperty("created_by").GetString());
    }

    [Fact]
    public async Task Health_needs_no_token()
    {
        var h = shared.Harness;
        var response = await h.Anonymous.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", (await ApiHarness.ReadAsync(response)).GetProperty("status").GetString());
    }
}
