using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Simulator.Core.ReceiverChecks;
using Simulator.Tests.Web.Api;

namespace Simulator.Tests.ReceiverChecks;

public sealed class ReceiverChecksApiTests
{
    [Fact]
    public async Task An_owner_on_the_standard_plan_starts_a_check_and_reads_it_and_its_junit_report()
    {
        await using var h = await ApiHarness.StartAsync();
        await using var receiver = await CheckReceiver.CorrectAsync();
        Assert.Equal("Standard", (await ApiHarness.ReadAsync(await h.Owner.GetAsync("/api/account"))).GetProperty("plan").GetString());

        var started = await h.Owner.PostAsJsonAsync("/api/receiver-checks", new { url = receiver.Url });

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var check = await ApiHarness.ReadAsync(started);
        var id = check.GetProperty("id").GetString()!;
        Assert.Equal($"/api/receiver-checks/{id}", started.Headers.Location?.OriginalString);
        Assert.Equal(receiver.Url, check.GetProperty("url").GetString());
        Assert.Equal(8, check.GetProperty("cases").GetArrayLength());

        await h.App.Service<ReceiverCheckStore>().WaitUntilFinishedAsync(id);
        var read = await ApiHarness.ReadAsync(await h.Owner.GetAsync($"/api/receiver-checks/{id}"));
        Assert.Equal(JsonValueKind.String, read.GetProperty("finished_at").ValueKind);
        // answers_quickly is judged on real time (proved in ReceiverCheckTests); here only that it was judged
        var cases = read.GetProperty("cases").EnumerateArray().ToList();
        Assert.All(cases.Where(c => c.GetProperty("name").GetString() != ReceiverCheckCase.AnswersQuickly), c => Assert.Equal("passed", c.GetProperty("status").GetString()));
        var timing = cases.Single(c => c.GetProperty("name").GetString() == ReceiverCheckCase.AnswersQuickly).GetProperty("status").GetString();
        Assert.Contains(timing, new[] { "passed", "failed" });
        Assert.Equal(timing, read.GetProperty("status").GetString());
        var created = read.GetProperty("cases")[0];
        Assert.Equal("accepts_created", created.GetProperty("name").GetString());
        Assert.Equal(200, created.GetProperty("attempts")[0].GetProperty("status_code").GetInt32());

        var junit = await h.Owner.GetAsync($"/api/receiver-checks/{id}/junit");
        Assert.Equal(HttpStatusCode.OK, junit.StatusCode);
        Assert.Equal("application/xml", junit.Content.Headers.ContentType?.MediaType);
        var xml = XDocument.Parse(await junit.Content.ReadAsStringAsync());
        Assert.Equal("testsuite", xml.Root!.Name.LocalName);
        Assert.Equal(8, xml.Root.Elements("testcase").Count());
    }

    [Fact]
    public async Task A_practitioner_may_not_check_a_receiver()
    {
        await using var h = await ApiHarness.StartAsync();

        var response = await h.Practitioner.PostAsJsonAsync("/api/receiver-checks", new { url = h.Receiver.Url() });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, h.Receiver.Count);
    }

    [Theory]
    [InlineData("""{"url":"not a url"}""")]
    [InlineData("""{"url":"ftp://example.com/hooks"}""")]
    [InlineData("""{}""")]
    public async Task A_bad_url_is_a_400_naming_the_field(string body)
    {
        await using var h = await ApiHarness.StartAsync();

        var response = await h.Owner.PostAsync("/api/receiver-checks", ApiHarness.Json(body));

        await ApiHarness.AssertFieldErrorAsync(response, "url");
    }

    [Fact]
    public async Task An_unknown_check_is_a_404()
    {
        await using var h = await ApiHarness.StartAsync();

        await ApiHarness.AssertProblemAsync(await h.Owner.GetAsync("/api/receiver-checks/nope"), HttpStatusCode.NotFound);
        await ApiHarness.AssertProblemAsync(await h.Owner.GetAsync("/api/receiver-checks/nope/junit"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_receiver_check_routes()
    {
        await using var h = await ApiHarness.StartAsync();

        using var document = JsonDocument.Parse(await h.Anonymous.GetStringAsync("/openapi/v1.json"));

        var paths = document.RootElement.GetProperty("paths");
        Assert.True(paths.GetProperty("/api/receiver-checks").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/api/receiver-checks/{id}").TryGetProperty("get", out _));
        var junit = paths.GetProperty("/api/receiver-checks/{id}/junit").GetProperty("get");
        Assert.True(junit.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("application/xml", out _));
    }
}
