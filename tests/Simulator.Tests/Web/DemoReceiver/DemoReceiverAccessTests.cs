using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Simulator.Tests.TestSupport;
using Simulator.Web.DemoReceiver;

namespace Simulator.Tests.Web.DemoReceiver;

public sealed class DemoReceiverAccessTests(SimulatorFixture shared) : IClassFixture<SimulatorFixture>
{
    [Fact]
    public async Task Demo_routes_answer_without_a_token_while_the_api_still_asks_for_one()
    {
        var app = shared.App;
        using var anonymous = app.CreateApiClient(token: null);

        using var demo = await anonymous.PostAsync(DemoRoute.Ok.Path, Json());
        using var api = await anonymous.GetAsync("/api/webhook-endpoints");

        Assert.Equal(HttpStatusCode.OK, demo.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task A_bad_bearer_token_is_not_checked_by_the_demo_routes()
    {
        var app = shared.App;
        using var client = app.CreateApiClient(token: null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "no-such-token");

        using var demo = await client.PostAsync(DemoRoute.Ok.Path, Json());
        using var api = await client.GetAsync("/api/account");

        Assert.Equal(HttpStatusCode.OK, demo.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task Fail_route_answers_its_own_500_body_not_an_error_page()
    {
        var app = shared.App;
        using var client = app.CreateApiClient(token: null);

        using var response = await client.PostAsync(DemoRoute.Fail.Path, Json());

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.StartsWith("failing on purpose", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redirect_route_points_at_the_ok_route()
    {
        var app = shared.App;
        using var client = app.CreateApiClient(token: null);

        using var response = await client.PostAsync(DemoRoute.Redirect.Path, Json());

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(DemoRoute.Ok.Path, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_received_requests_page_sends_a_visitor_to_sign_in()
    {
        var app = shared.App;
        using var client = app.CreateApiClient(token: null);

        using var response = await client.GetAsync("/demo-receiver");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/sign-in", response.Headers.Location?.PathAndQuery ?? response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_routes_stay_out_of_the_api_reference()
    {
        var app = shared.App;
        using var client = app.CreateApiClient(token: null);

        var document = await client.GetStringAsync("/openapi/v1.json");

        Assert.Contains("/api/webhook-endpoints", document, StringComparison.Ordinal);
        Assert.DoesNotContain("\"/demo-receiver", document, StringComparison.Ordinal); // the log's API route, /api/demo-receiver/requests, is in
    }

    private static StringContent Json() => new("""{"type":"soap_note.created"}""", Encoding.UTF8, "application/json");
}
