using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Simulator.Core.Seeding;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Web.Api;

/// <summary>A simulator, an Owner API client and a real receiver, for one test.</summary>
internal sealed class ApiHarness : IAsyncDisposable
{
    private ApiHarness(SimulatorAppFactory app, TestReceiver receiver)
    {
        App = app;
        Receiver = receiver;
        Owner = app.CreateApiClient(AccountSeeder.OwnerToken);
        Practitioner = app.CreateApiClient(AccountSeeder.PractitionerToken);
        Anonymous = app.CreateApiClient(token: null);
    }

    public SimulatorAppFactory App { get; }

    public TestReceiver Receiver { get; }

    public HttpClient Owner { get; }

    public HttpClient Practitioner { get; }

    public HttpClient Anonymous { get; }

    public static async Task<ApiHarness> StartAsync(Action<Dictionary<string, string?>>? settings = null)
    {
        var receiver = await TestReceiver.StartAsync();
        var app = new SimulatorAppFactory();
        settings?.Invoke(app.Settings);
        app.Boot();
        return new ApiHarness(app, receiver);
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts a 400 problem that names <paramref name="field"/> among its errors.</summary>
    public static async Task AssertFieldErrorAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ReadAsync(response);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"expected an error for '{field}', got {errors}");
        Assert.True(messages.GetArrayLength() > 0);
    }

    public static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? title = null)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ReadAsync(response);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        if (title is not null)
        {
            Assert.Equal(title, problem.GetProperty("title").GetString());
        }
    }

    public async Task UpgradeAsync() => (await Owner.PutAsJsonAsync("/api/account/plan", new { plan = "Premium" })).EnsureSuccessStatusCode();

    /// <summary>Registers an endpoint (at the receiver unless a URL is given) and returns its id.</summary>
    public async Task<int> CreateEndpointAsync(string? url = null, string[]? events = null, bool activate = false)
    {
        var response = await Owner.PostAsJsonAsync("/api/webhook-endpoints", new
        {
            url = url ?? Receiver.Url(),
            contact_email = "dev@example.com",
            enabled_events = events ?? ["soap_note.created", "soap_note.updated"],
            description = "test receiver",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await ReadAsync(response)).GetProperty("id").GetInt32();
        if (activate)
        {
            (await Owner.PostAsync($"/api/webhook-endpoints/{id}/activate", null)).EnsureSuccessStatusCode();
        }
        return id;
    }

    public async Task<int> CountAsync(string path) => (await ReadAsync(await Owner.GetAsync(path))).GetArrayLength();

    public async ValueTask DisposeAsync()
    {
        Owner.Dispose();
        Practitioner.Dispose();
        Anonymous.Dispose();
        await App.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}
