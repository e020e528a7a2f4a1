using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Simulator.Core.Domain;
using Simulator.Core.Persistence;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Web.Api;

public sealed class LimitsApiTests(SharedApiHarness shared) : IClassFixture<SharedApiHarness>
{
    [Fact]
    public async Task A_body_over_256_KB_gets_a_413_problem_and_changes_nothing()
    {
        await using var app = new SimulatorAppFactory { UseRealPort = true };
        app.Boot();
        using var api = app.CreateApiClient();
        var before = (await api.GetFromJsonAsync<List<object>>("/api/soap-notes"))!.Count;
        var big = "{\"name\":\"" + new string('x', 300 * 1024) + "\"}";

        using var declared = await api.PostAsync("/api/soap-notes", new StringContent(big, Encoding.UTF8, "application/json"));
        await ApiHarness.AssertProblemAsync(declared, HttpStatusCode.RequestEntityTooLarge);

        // chunked: no Content-Length to check up front; the server stops reading at the limit
        using var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        chunked.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/soap-notes") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var streamed = await api.SendAsync(request);
        await ApiHarness.AssertProblemAsync(streamed, HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal(before, (await api.GetFromJsonAsync<List<object>>("/api/soap-notes"))!.Count);
    }

    [Theory]
    [InlineData("/api/deliveries?limit=0")]
    [InlineData("/api/deliveries?limit=1001")]
    [InlineData("/api/events?limit=10000")]
    [InlineData("/api/emails?limit=0")]
    [InlineData("/api/soap-notes?limit=5000")]
    [InlineData("/api/webhook-endpoints?limit=0")]
    [InlineData("/api/users?limit=1001")]
    public async Task A_limit_outside_1_to_1000_is_a_400_naming_limit(string path)
    {
        var h = shared.Harness;

        await ApiHarness.AssertFieldErrorAsync(await h.Owner.GetAsync(path), "limit");
    }

    [Fact]
    public async Task Lists_give_100_by_default_and_page_on_with_before_id()
    {
        await using var h = await ApiHarness.StartAsync();
        for (var i = 0; i < 105; i++)
        {
            (await h.Owner.PostAsJsonAsync("/api/soap-notes", new { })).EnsureSuccessStatusCode();
        }

        Assert.Equal(100, await h.CountAsync("/api/events"));
        Assert.Equal(100, await h.CountAsync("/api/soap-notes"));
        Assert.Equal(105, await h.CountAsync("/api/events?limit=1000"));
        var first = await ApiHarness.ReadAsync(await h.Owner.GetAsync("/api/events?limit=60"));
        var last = first[59].GetProperty("id").GetInt64();
        var next = await ApiHarness.ReadAsync(await h.Owner.GetAsync($"/api/events?limit=60&before_id={last}"));
        Assert.Equal(45, next.GetArrayLength());
        Assert.All(next.EnumerateArray(), e => Assert.True(e.GetProperty("id").GetInt64() < last));
    }

    [Fact]
    public async Task The_outbox_api_gives_a_page_not_every_email()
    {
        await using var h = await ApiHarness.StartAsync();
        await using (var db = await h.App.Service<IDbContextFactory<SimulatorDbContext>>().CreateDbContextAsync())
        {
            var endpoint = WebhookEndpoint.Create("http://127.0.0.1:9/none", null, "dev@example.com", EventTypes.All, SimulatorAppFactory.Start);
            db.WebhookEndpoints.Add(endpoint);
            await db.SaveChangesAsync();
            for (var i = 0; i < 130; i++)
            {
                db.Emails.Add(new OutboxEmail(EmailKind.EndpointFailing, endpoint.Id, "dev@example.com", $"e-mail {i}", "body", SimulatorAppFactory.Start, smtpConfigured: false));
            }
            await db.SaveChangesAsync();
        }

        Assert.Equal(100, await h.CountAsync("/api/emails"));
        var page = await ApiHarness.ReadAsync(await h.Owner.GetAsync("/api/emails?limit=100"));
        var last = page[99].GetProperty("id").GetInt32();
        Assert.Equal(30, await h.CountAsync($"/api/emails?before_id={last}"));
    }

    [Fact]
    public async Task Endpoints_and_users_page_oldest_first_with_after_id()
    {
        await using var h = await ApiHarness.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            (await h.Owner.PostAsJsonAsync("/api/webhook-endpoints", new { url = $"http://127.0.0.1:9/hooks/{i}", contact_email = "dev@example.com", enabled_events = new[] { "soap_note.created" } })).EnsureSuccessStatusCode();
        }

        var first = await ApiHarness.ReadAsync(await h.Owner.GetAsync("/api/webhook-endpoints?limit=3"));
        Assert.Equal(["http://127.0.0.1:9/hooks/0", "http://127.0.0.1:9/hooks/1", "http://127.0.0.1:9/hooks/2"], first.EnumerateArray().Select(e => e.GetProperty("url").GetString()));
        var next = await ApiHarness.ReadAsync(await h.Owner.GetAsync($"/api/webhook-endpoints?limit=3&after_id={first[2].GetProperty("id").GetInt32()}"));
        Assert.Equal(["http://127.0.0.1:9/hooks/3", "http://127.0.0.1:9/hooks/4"], next.EnumerateArray().Select(e => e.GetProperty("url").GetString()));
        Assert.Equal(5, await h.CountAsync("/api/webhook-endpoints"));

        var users = await ApiHarness.ReadAsync(await h.Owner.GetAsync("/api/users"));
        var one = await ApiHarness.ReadAsync(await h.Owner.GetAsync("/api/users?limit=1"));
        Assert.Equal(users[0].GetProperty("id").GetInt32(), Assert.Single(one.EnumerateArray()).GetProperty("id").GetInt32());
        Assert.Equal(users.GetArrayLength() - 1, await h.CountAsync($"/api/users?after_id={users[0].GetProperty("id").GetInt32()}"));
        await ApiHarness.AssertFieldErrorAsync(await h.Owner.GetAsync("/api/webhook-endpoints?after_id=0"), "after_id");
    }
}
