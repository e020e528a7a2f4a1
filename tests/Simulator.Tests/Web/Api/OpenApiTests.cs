using System.Net;
using System.Text.Json;

namespace Simulator.Tests.Web.Api;

public sealed class OpenApiTests(SharedApiHarness shared) : IClassFixture<SharedApiHarness>
{
    [Fact]
    public async Task The_openapi_document_describes_every_route_with_summaries()
    {
        var h = shared.Harness;
        var response = await h.Anonymous.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths");
        string[] expected =
        [
            "/api/account", "/api/account/plan", "/api/users", "/api/soap-notes", "/api/soap-notes/{id}",
            "/api/webhook-endpoints", "/api/webhook-endpoints/{id}", "/api/webhook-endpoints/{id}/activate",
            "/api/webhook-endpoints/{id}/deactivate", "/api/webhook-endpoints/{id}/test", "/api/events", "/api/events/{id}",
            "/api/deliveries", "/api/deliveries/{id}", "/api/deliveries/{id}/retry", "/api/deliveries/{id}/cancel",
            "/api/clock", "/api/clock/advance", "/api/emails", "/api/demo-receiver/requests", "/healthz",
        ];
        foreach (var path in expected)
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"missing {path}");
            foreach (var operation in item.EnumerateObject())
            {
                Assert.False(string.IsNullOrWhiteSpace(operation.Value.GetProperty("summary").GetString()), $"{operation.Name} {path} has no summary");
            }
        }
    }

    [Fact]
    public async Task Request_bodies_carry_examples()
    {
        var h = shared.Harness;
        using var document = JsonDocument.Parse(await h.Anonymous.GetStringAsync("/openapi/v1.json"));
        var create = document.RootElement.GetProperty("paths").GetProperty("/api/webhook-endpoints").GetProperty("post");
        var example = create.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example");
        Assert.Equal("dev@example.com", example.GetProperty("contact_email").GetString());
        var advance = document.RootElement.GetProperty("paths").GetProperty("/api/clock/advance").GetProperty("post");
        Assert.Equal(3600, advance.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example").GetProperty("seconds").GetInt32());
    }

    [Fact]
    public async Task The_scalar_reference_is_served()
    {
        var h = shared.Harness;
        var response = await h.Anonymous.GetAsync("/scalar");
        if (response.StatusCode == HttpStatusCode.Redirect || response.StatusCode == HttpStatusCode.MovedPermanently)
        {
            response = await h.Anonymous.GetAsync(response.Headers.Location);
        }
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("openapi/v1.json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_document_declares_the_bearer_scheme_on_every_api_operation_and_not_on_health()
    {
        var h = shared.Harness;
        using var document = JsonDocument.Parse(await h.Anonymous.GetStringAsync("/openapi/v1.json"));
        var scheme = document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var secured = operation.Value.TryGetProperty("security", out var security)
                    && security.EnumerateArray().Any(r => r.TryGetProperty("Bearer", out _));
                Assert.True(secured == path.Name.StartsWith("/api/", StringComparison.Ordinal), $"{operation.Name} {path.Name}: security {secured}");
            }
        }
    }

    [Fact]
    public async Task The_scalar_reference_comes_with_the_owner_token_filled_in()
    {
        var h = shared.Harness;
        var response = await h.Anonymous.GetAsync("/scalar");
        if (response.StatusCode == HttpStatusCode.Redirect || response.StatusCode == HttpStatusCode.MovedPermanently)
        {
            response = await h.Anonymous.GetAsync(response.Headers.Location);
        }
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("dev-owner-token", page, StringComparison.Ordinal);
        Assert.Contains("Bearer", page, StringComparison.Ordinal);
    }
}
