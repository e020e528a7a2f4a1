using System.Net;
using System.Text.Json;

namespace Simulator.Tests.Web.Api;

/// <summary>The API's answers are declared by its handlers and chosen without reading exception messages.</summary>
public sealed class TypedResultsTests(SharedApiHarness shared) : IClassFixture<SharedApiHarness>
{
    [Theory]
    [InlineData("/api/events?is_test=maybe", "is_test", "true or false")]
    [InlineData("/api/events?before_id=last", "before_id", "whole number")]
    [InlineData("/api/deliveries?event_id=1.5", "event_id", "whole number")]
    [InlineData("/api/soap-notes?limit=ten", "limit", "whole number")]
    [InlineData("/api/emails?limit=%C3%A9", "limit", "whole number")]
    public async Task A_query_value_of_the_wrong_type_is_a_400_naming_it(string path, string field, string expected)
    {
        var h = shared.Harness;
        var response = await h.Owner.GetAsync(path);
        await ApiHarness.AssertFieldErrorAsync(response, field);
        var problem = await ApiHarness.ReadAsync(response);
        Assert.Equal("One or more fields are invalid", problem.GetProperty("title").GetString());
        var message = problem.GetProperty("errors").GetProperty(field)[0].GetString();
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/webhook-endpoints/{id}", "delete")]
    [InlineData("/api/webhook-endpoints/{id}/deactivate", "post")]
    [InlineData("/api/deliveries/{id}/retry", "post")]
    [InlineData("/api/deliveries/{id}/cancel", "post")]
    public async Task A_route_with_no_input_to_refuse_declares_no_400(string path, string method)
    {
        var h = shared.Harness;
        using var document = JsonDocument.Parse(await h.Anonymous.GetStringAsync("/openapi/v1.json"));
        var responses = document.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses");

        Assert.False(responses.TryGetProperty("400", out _), $"{method} {path} declares a 400 it cannot answer");
        Assert.True(responses.TryGetProperty("404", out _));
    }

    [Theory]
    [InlineData("/api/webhook-endpoints/{id}", "patch", new[] { "200", "400", "404", "409" })]
    [InlineData("/api/webhook-endpoints/{id}", "get", new[] { "200", "404" })]
    [InlineData("/api/webhook-endpoints/{id}/activate", "post", new[] { "200", "403", "404", "409" })]
    [InlineData("/api/webhook-endpoints/{id}/test", "post", new[] { "200", "400", "404", "409" })]
    [InlineData("/api/deliveries/{id}/cancel", "post", new[] { "200", "404", "409" })]
    [InlineData("/api/soap-notes", "post", new[] { "201", "400", "409" })]
    [InlineData("/api/clock", "put", new[] { "200", "400" })]
    public async Task The_openapi_document_lists_the_statuses_a_route_can_answer(string path, string method, string[] statuses)
    {
        var h = shared.Harness;
        using var document = JsonDocument.Parse(await h.Anonymous.GetStringAsync("/openapi/v1.json"));
        var responses = document.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses");
        var declared = responses.EnumerateObject().Select(r => r.Name).ToHashSet();
        foreach (var status in statuses)
        {
            Assert.True(declared.Contains(status), $"{method} {path} declares {string.Join(", ", declared)}, not {status}");
        }
        foreach (var problem in statuses.Where(s => s[0] == '4'))
        {
            Assert.True(
                responses.GetProperty(problem).GetProperty("content").TryGetProperty("application/problem+json", out _),
                $"{method} {path} {problem} is not described as application/problem+json");
        }
    }

    [Fact]
    public async Task Declared_403_404_and_409_answer_as_problem_details()
    {
        await using var h = await ApiHarness.StartAsync(s => s["SeedSoapNotes"] = "0");
        var missing = await h.Owner.PostAsync("/api/deliveries/999999/cancel", null);
        await ApiHarness.AssertProblemAsync(missing, HttpStatusCode.NotFound, "Not found");
        var problem = await ApiHarness.ReadAsync(missing);
        Assert.Equal("Delivery 999999 does not exist.", problem.GetProperty("detail").GetString());
        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.5", problem.GetProperty("type").GetString());

        var endpoint = await h.CreateEndpointAsync();
        var noNote = await h.Owner.PostAsync($"/api/webhook-endpoints/{endpoint}/test", ApiHarness.Json("""{"event_type":"soap_note.created"}"""));
        await ApiHarness.AssertProblemAsync(noNote, HttpStatusCode.Conflict, "No SOAP note yet");
        var standard = await h.Owner.PostAsync($"/api/webhook-endpoints/{endpoint}/activate", null);
        await ApiHarness.AssertProblemAsync(standard, HttpStatusCode.Forbidden, "Premium plan required");
    }
}
