using System.Text;
using Microsoft.AspNetCore.Http;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Cli;

/// <summary>
/// insim recover against the contract's shape of <c>POST /api/webhook-endpoints/{id}/recover</c> (202
/// <c>{"recovered": N, "delivery_ids": [...]}</c>), served by a stand-in on a real port that records what insim sent.
/// </summary>
public sealed class InsimRecoverTests : IAsyncLifetime
{
    private TestReceiver _simulator = null!;

    public async Task InitializeAsync()
    {
        _simulator = await TestReceiver.StartAtRootAsync();
        _simulator.RespondWith((request, context) => request.Path switch
        {
            "/api/clock" => Json(context, 200, """{"now":"2026-12-07T12:00:00Z","speed":60,"paused":false,"next_attempt_at":null}"""),
            "/api/webhook-endpoints/3/recover" => Json(context, 202, """{"recovered":2,"delivery_ids":[5,6]}"""),
            "/api/webhook-endpoints/4/recover" => Json(context, 202, """{"recovered":0,"delivery_ids":[]}"""),
            _ => Json(context, 404, """{"title":"Not found","status":404,"detail":"Webhook endpoint 9 does not exist."}"""),
        });
    }

    [Fact]
    public async Task Recover_posts_the_timestamp_as_given_with_the_owner_s_token_and_lists_what_was_sent_again()
    {
        var run = await InsimProcess.RunAsync("recover", "3", "--since", "2026-12-01T00:00:00Z", "--simulator", _simulator.BaseUrl);

        Assert.True(run.ExitCode == 0, run.All);
        Assert.Equal("Endpoint 3: 2 sent again (deliveries 5, 6), for events raised since 2026-12-01T00:00:00Z.", run.Output.Trim());
        var request = Assert.Single(_simulator.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("""{"since":"2026-12-01T00:00:00Z"}""", request.Body);
        Assert.Equal("Bearer dev-owner-token", request.Headers["Authorization"]);
    }

    [Fact]
    public async Task A_duration_counts_back_from_the_simulator_s_own_clock()
    {
        var run = await InsimProcess.RunAsync("recover", "4", "--since", "36h", "--simulator", _simulator.BaseUrl, "--token", "my-token");

        Assert.True(run.ExitCode == 0, run.All);
        Assert.Contains("nothing sent", run.Output, StringComparison.Ordinal);
        Assert.Equal(["/api/clock", "/api/webhook-endpoints/4/recover"], _simulator.Requests.Select(r => r.Path));
        Assert.Equal("""{"since":"2026-12-06T00:00:00Z"}""", _simulator.Requests.Last().Body);
        Assert.All(_simulator.Requests, r => Assert.Equal("Bearer my-token", r.Headers["Authorization"]));
    }

    [Fact]
    public async Task A_refusal_is_printed_with_its_detail_and_exit_2()
    {
        var run = await InsimProcess.RunAsync("recover", "9", "--since", "2026-12-01", "--simulator", _simulator.BaseUrl);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("The simulator refused POST /api/webhook-endpoints/9/recover: 404 Not Found (Not found): Webhook endpoint 9 does not exist.", run.Error.Trim());
        Assert.Equal("""{"since":"2026-12-01T00:00:00Z"}""", Assert.Single(_simulator.Requests).Body);
    }

    private static async Task Json(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = status >= 400 ? "application/problem+json" : "application/json";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(json));
    }

    public async Task DisposeAsync() => await _simulator.DisposeAsync();
}
