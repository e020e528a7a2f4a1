using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Web.Api;

public sealed class SmokeTests
{
    [Fact]
    public async Task A_created_note_reaches_an_active_subscribed_endpoint_over_real_http()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await using var app = new SimulatorAppFactory();
        app.Boot();
        using var api = app.CreateApiClient();

        (await api.PutAsJsonAsync("/api/account/plan", new { plan = "Premium" })).EnsureSuccessStatusCode();
        var created = await api.PostAsJsonAsync("/api/webhook-endpoints", new
        {
            url = receiver.Url(),
            contact_email = "dev@example.com",
            enabled_events = new[] { "soap_note.created" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var endpoint = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("inactive", endpoint.GetProperty("status").GetString());
        var id = endpoint.GetProperty("id").GetInt32();
        (await api.PostAsync($"/api/webhook-endpoints/{id}/activate", null)).EnsureSuccessStatusCode();

        var note = await api.PostAsJsonAsync("/api/soap-notes", new { });
        Assert.Equal(HttpStatusCode.Created, note.StatusCode);

        await receiver.WaitForRequestsAsync(1);
        var request = Assert.Single(receiver.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("application/json", request.Headers["Content-Type"]);
        Assert.Equal("InstinctiveNotes-Webhooks/1.0", request.Headers["User-Agent"]);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("soap_note.created", body.RootElement.GetProperty("type").GetString());
    }
}
