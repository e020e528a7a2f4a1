using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Simulator.Core.Seeding;
using Simulator.Tests.TestSupport;
using Simulator.Tests.Web.Api;
using Simulator.Web.DemoReceiver;

namespace Simulator.Tests.Web.DemoReceiver;

/// <summary><c>GET /api/demo-receiver/requests</c>: the demo receiver's log, as its page shows it, for scripts.</summary>
public sealed class DemoReceiverLogApiTests : IAsyncLifetime
{
    private readonly SimulatorAppFactory _app = new() { UseRealPort = true };
    private HttpClient _owner = null!;

    public Task InitializeAsync()
    {
        _app.Boot();
        _owner = _app.CreateApiClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _owner.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task The_owner_reads_what_the_demo_receiver_received_with_headers_exact_body_and_answer()
    {
        var ok = await AddEndpointAsync(DemoRoute.Ok);
        var fail = await AddEndpointAsync(DemoRoute.Fail);
        var sentOk = await SendTestAsync(ok);
        await SendTestAsync(fail);

        var response = await _owner.GetAsync("/api/demo-receiver/requests");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var requests = await ApiHarness.ReadAsync(response);
        Assert.Equal(2, requests.GetArrayLength());
        var (newest, oldest) = (requests[0], requests[1]);
        Assert.Equal(
            ["number", "received_at", "method", "path", "headers", "body", "body_cut", "event", "answer"],
            oldest.EnumerateObject().Select(p => p.Name));
        Assert.Equal((1, "POST", "/demo-receiver/ok", false), (oldest.GetProperty("number").GetInt32(), oldest.GetProperty("method").GetString(), oldest.GetProperty("path").GetString(), oldest.GetProperty("body_cut").GetBoolean()));
        Assert.Equal((2, "/demo-receiver/fail"), (newest.GetProperty("number").GetInt32(), newest.GetProperty("path").GetString()));
        Assert.Contains(oldest.GetProperty("headers").EnumerateArray(), h =>
            h.GetProperty("name").GetString() == "User-Agent" && h.GetProperty("value").GetString() == "InstinctiveNotes-Webhooks/1.0");
        var payload = (await _owner.GetFromJsonAsync<JsonElement>($"/api/events/{sentOk.GetProperty("event_id").GetInt64()}")).GetProperty("payload").GetString();
        Assert.Equal(payload, oldest.GetProperty("body").GetString());
        Assert.StartsWith("soap_note.created, SOAP note ", oldest.GetProperty("event").GetString(), StringComparison.Ordinal);
        Assert.Equal(sentOk.GetProperty("attempts")[0].GetProperty("started_at").GetString(), oldest.GetProperty("received_at").GetString());
        Assert.Equal(("answered", 200, "200 OK"), Answer(oldest));
        Assert.Equal(("answered", 500, "500 Internal Server Error"), Answer(newest));
    }

    [Fact]
    public async Task The_list_honours_limit_and_can_be_cleared_as_on_the_page()
    {
        var ok = await AddEndpointAsync(DemoRoute.Ok);
        await SendTestAsync(ok);
        await SendTestAsync(ok);

        var one = await ApiHarness.ReadAsync(await _owner.GetAsync("/api/demo-receiver/requests?limit=1"));
        Assert.Equal(2, Assert.Single(one.EnumerateArray()).GetProperty("number").GetInt32());

        Assert.Equal(HttpStatusCode.NoContent, (await _owner.DeleteAsync("/api/demo-receiver/requests")).StatusCode);
        Assert.Equal(0, (await ApiHarness.ReadAsync(await _owner.GetAsync("/api/demo-receiver/requests"))).GetArrayLength());
        Assert.Empty(_app.Service<DemoReceiverLog>().Recent());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("many")]
    public async Task A_bad_limit_is_a_400_naming_it(string limit)
    {
        await ApiHarness.AssertFieldErrorAsync(await _owner.GetAsync($"/api/demo-receiver/requests?limit={limit}"), "limit");
    }

    [Fact]
    public async Task A_practitioner_is_refused_with_a_403_problem_and_a_visitor_with_a_401()
    {
        await SendTestAsync(await AddEndpointAsync(DemoRoute.Ok));
        using var practitioner = _app.CreateApiClient(AccountSeeder.PractitionerToken);
        using var anonymous = _app.CreateApiClient(token: null);

        await ApiHarness.AssertProblemAsync(await practitioner.GetAsync("/api/demo-receiver/requests"), HttpStatusCode.Forbidden);
        await ApiHarness.AssertProblemAsync(await practitioner.DeleteAsync("/api/demo-receiver/requests"), HttpStatusCode.Forbidden);
        await ApiHarness.AssertProblemAsync(await anonymous.GetAsync("/api/demo-receiver/requests"), HttpStatusCode.Unauthorized);
        Assert.Single(_app.Service<DemoReceiverLog>().Recent());
    }

    [Fact]
    public async Task The_log_route_is_in_the_openapi_document_while_the_receiver_routes_are_not()
    {
        using var document = JsonDocument.Parse(await _owner.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");

        Assert.True(paths.TryGetProperty("/api/demo-receiver/requests", out var log));
        Assert.False(string.IsNullOrWhiteSpace(log.GetProperty("get").GetProperty("summary").GetString()));
        Assert.True(log.TryGetProperty("delete", out _));
        Assert.DoesNotContain(paths.EnumerateObject(), p => p.Name.StartsWith(DemoRoute.BasePath, StringComparison.Ordinal));
    }

    private static (string?, int?, string?) Answer(JsonElement request)
    {
        var answer = request.GetProperty("answer");
        var code = answer.GetProperty("status_code");
        return (answer.GetProperty("state").GetString(), code.ValueKind == JsonValueKind.Null ? null : code.GetInt32(), answer.GetProperty("text").GetString());
    }

    private async Task<int> AddEndpointAsync(DemoRoute route)
    {
        var response = await _owner.PostAsync("/api/webhook-endpoints", new StringContent(
            $$"""{"url":"{{_app.ServerAddress}}{{route.Path}}","contact_email":"dev@example.com","enabled_events":["soap_note.created"]}""",
            Encoding.UTF8,
            "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await ApiHarness.ReadAsync(response)).GetProperty("id").GetInt32();
    }

    private async Task<JsonElement> SendTestAsync(int endpointId)
    {
        var response = await _owner.PostAsJsonAsync($"/api/webhook-endpoints/{endpointId}/test", new { event_type = "soap_note.created" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ApiHarness.ReadAsync(response);
    }
}
