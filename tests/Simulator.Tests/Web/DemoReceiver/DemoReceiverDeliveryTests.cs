using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Simulator.Tests.TestSupport;
using Simulator.Web.DemoReceiver;

namespace Simulator.Tests.Web.DemoReceiver;

/// <summary>
/// Each demo route answered through a real delivery: the simulator's own HTTP client calls the
/// app on a real loopback port, as it does under docker compose.
/// </summary>
public sealed class DemoReceiverDeliveryTests : IAsyncLifetime
{
    private readonly SimulatorAppFactory _app = new() { UseRealPort = true };
    private HttpClient _api = null!;

    private DemoReceiverLog Log => _app.Service<DemoReceiverLog>();

    public Task InitializeAsync()
    {
        _app.Boot();
        _api = _app.CreateApiClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Ok_route_answers_200_and_the_test_send_succeeds()
    {
        var id = await AddEndpointAsync(DemoRoute.Ok);

        var delivery = await SendTestAsync(id);

        Assert.Equal("succeeded", delivery.GetProperty("status").GetString());
        var attempt = Assert.Single(delivery.GetProperty("attempts").EnumerateArray());
        Assert.Equal(200, attempt.GetProperty("status_code").GetInt32());
        var received = Assert.Single(Log.Recent());
        Assert.Equal("POST", received.Method);
        Assert.Equal("/demo-receiver/ok", received.Path);
        Assert.Equal("200 OK", received.Answer.Text);
        Assert.Contains(received.Headers, h => h.Key == "User-Agent" && h.Value == "InstinctiveNotes-Webhooks/1.0");
        Assert.StartsWith("soap_note.created, SOAP note ", received.Event, StringComparison.Ordinal);
        var payload = (await _api.GetFromJsonAsync<JsonElement>($"/api/events/{delivery.GetProperty("event_id").GetInt64()}")).GetProperty("payload").GetString();
        Assert.Equal(payload, received.Body);
    }

    [Fact]
    public async Task Fail_route_answers_500_and_the_attempt_fails()
    {
        var id = await AddEndpointAsync(DemoRoute.Fail);

        var delivery = await SendTestAsync(id);

        Assert.Equal("failed", delivery.GetProperty("status").GetString());
        var attempt = Assert.Single(delivery.GetProperty("attempts").EnumerateArray());
        Assert.Equal(500, attempt.GetProperty("status_code").GetInt32());
        Assert.Equal("500 Internal Server Error", Assert.Single(Log.Recent()).Answer.Text);
    }

    [Fact]
    public async Task Redirect_route_answers_302_which_is_not_followed()
    {
        var id = await AddEndpointAsync(DemoRoute.Redirect);

        var delivery = await SendTestAsync(id);

        Assert.Equal("failed", delivery.GetProperty("status").GetString());
        var attempt = Assert.Single(delivery.GetProperty("attempts").EnumerateArray());
        Assert.Equal(302, attempt.GetProperty("status_code").GetInt32());
        Assert.Contains("redirects are not followed", attempt.GetProperty("error").GetString(), StringComparison.Ordinal);
        // the ok route it points to was never called
        var received = Assert.Single(Log.Recent());
        Assert.Equal("/demo-receiver/redirect", received.Path);
        Assert.Equal("302 Found", received.Answer.Text);
    }

    [Fact]
    public async Task Flaky_route_fails_an_event_three_times_then_the_retry_succeeds()
    {
        var id = await AddEndpointAsync(DemoRoute.Flaky);
        (await _api.PutAsJsonAsync("/api/account/plan", new { plan = "Premium" })).EnsureSuccessStatusCode();
        (await _api.PostAsync($"/api/webhook-endpoints/{id}/activate", null)).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.Created, (await _api.PostAsJsonAsync("/api/soap-notes", new { })).StatusCode);
        await _app.Control.AdvanceAsync(TimeSpan.FromHours(1));

        var delivery = Assert.Single((await _api.GetFromJsonAsync<JsonElement>($"/api/deliveries?endpoint_id={id}")).EnumerateArray());
        Assert.Equal("succeeded", delivery.GetProperty("status").GetString());
        var codes = delivery.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("status_code").GetInt32()).ToList();
        Assert.Equal([500, 500, 500, 200], codes);
        var received = Log.Recent().Reverse().ToList();
        Assert.Equal(["500 Internal Server Error", "500 Internal Server Error", "500 Internal Server Error", "200 OK"], received.Select(r => r.Answer.Text));
        Assert.Single(received.Select(r => r.Body).Distinct());
    }

    [Fact]
    public async Task Idempotent_route_answers_200_to_a_fault_lab_duplicate_and_marks_it_on_its_page()
    {
        var id = await AddEndpointAsync(DemoRoute.Idempotent);
        (await _api.PutAsJsonAsync("/api/account/plan", new { plan = "Premium" })).EnsureSuccessStatusCode();
        (await _api.PostAsync($"/api/webhook-endpoints/{id}/activate", null)).EnsureSuccessStatusCode();
        (await _api.PutAsJsonAsync($"/api/webhook-endpoints/{id}/faults", new { duplicate_rate = 1 })).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.Created, (await _api.PostAsJsonAsync("/api/soap-notes", new { })).StatusCode);
        await _app.Control.AdvanceAsync(TimeSpan.FromMinutes(6));

        var deliveries = (await _api.GetFromJsonAsync<JsonElement>($"/api/deliveries?endpoint_id={id}")).EnumerateArray().ToList();
        Assert.Equal(2, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal("succeeded", d.GetProperty("status").GetString()));
        var received = Log.Recent().Reverse().ToList();
        Assert.Equal(2, received.Count);
        Assert.Single(received.Select(r => r.Body).Distinct());
        Assert.Equal("200 OK", received[0].Answer.Text);
        Assert.Equal("200 OK · duplicate: request 2 with this body, processed once", received[1].Answer.Text);
        Assert.True(received[1].Answer.IsSuccess);
    }

    [Fact]
    public async Task Flaky_route_counts_each_event_on_its_own()
    {
        using var client = new HttpClient { BaseAddress = new Uri(_app.ServerAddress) };
        async Task<int> PostAsync(string body) =>
            (int)(await client.PostAsync(DemoRoute.Flaky.Path, new StringContent(body, Encoding.UTF8, "application/json"))).StatusCode;

        var first = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            first.Add(await PostAsync("""{"type":"soap_note.created","n":1}"""));
        }
        var other = await PostAsync("""{"type":"soap_note.created","n":2}""");

        Assert.Equal([500, 500, 500, 200], first);
        Assert.Equal(500, other);
    }

    [Fact]
    public async Task Slow_route_outlasts_the_attempt_timeout_so_the_attempt_times_out()
    {
        var id = await AddEndpointAsync(DemoRoute.Slow);

        var send = SendTestAsync(id);
        var arrived = await Log.WaitForAsync(r => r.Path == DemoRoute.Slow.Path);
        Assert.Equal(DemoAnswerState.Waiting, arrived.Answer.State);
        Assert.Equal("Waiting: answers 200 after 6 s of real time", arrived.Answer.Text);
        _app.RealTime.Advance(TimeSpan.FromSeconds(5)); // Simulator:Delivery:Timeout in the test app
        var delivery = await send;

        Assert.Equal("failed", delivery.GetProperty("status").GetString());
        var attempt = Assert.Single(delivery.GetProperty("attempts").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, attempt.GetProperty("status_code").ValueKind);
        Assert.Contains("timed out", attempt.GetProperty("error").GetString(), StringComparison.Ordinal);
        var hungUp = await Log.WaitForAsync(r => r.Number == arrived.Number && r.Answer.State != DemoAnswerState.Waiting);
        Assert.Equal("No answer: the caller hung up after 5 s", hungUp.Answer.Text);
    }

    [Fact]
    public async Task Slow_route_answers_200_after_the_timeout_plus_one_second_of_real_time()
    {
        using var client = new HttpClient { BaseAddress = new Uri(_app.ServerAddress) };

        var post = client.PostAsync(DemoRoute.Slow.Path, new StringContent("{}", Encoding.UTF8, "application/json"));
        var arrived = await Log.WaitForAsync(r => r.Path == DemoRoute.Slow.Path);
        _app.RealTime.Advance(TimeSpan.FromSeconds(5));
        Assert.False(post.IsCompleted);
        _app.RealTime.Advance(TimeSpan.FromSeconds(1));
        using var response = await post;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answered = await Log.WaitForAsync(r => r.Number == arrived.Number && r.Answer.State == DemoAnswerState.Answered);
        Assert.Equal("200 OK", answered.Answer.Text);
    }

    private async Task<int> AddEndpointAsync(DemoRoute route)
    {
        var created = await _api.PostAsJsonAsync("/api/webhook-endpoints", new
        {
            url = _app.ServerAddress + route.Path,
            contact_email = "dev@example.com",
            enabled_events = new[] { "soap_note.created" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    private async Task<JsonElement> SendTestAsync(int endpointId)
    {
        using var response = await _api.PostAsJsonAsync($"/api/webhook-endpoints/{endpointId}/test", new { event_type = "soap_note.created" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
