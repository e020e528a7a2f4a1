using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Simulator.Core.ReceiverChecks;
using Simulator.Tests.TestSupport;
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
        var start = paths.GetProperty("/api/receiver-checks").GetProperty("post").GetProperty("responses");
        Assert.All(new[] { "202", "400", "429" }, status => Assert.True(start.TryGetProperty(status, out _), $"POST /api/receiver-checks does not declare {status}"));
        Assert.True(start.GetProperty("429").GetProperty("content").TryGetProperty("application/problem+json", out _));
    }

    [Fact]
    public async Task A_receiver_answering_odd_bytes_gets_a_well_formed_junit_report_and_json()
    {
        await using var h = await ApiHarness.StartAsync();
        await using var receiver = await CheckReceiver.AnsweringOddBytesAsync();

        var id = await StartAsync(h, receiver.Url);
        await h.App.Service<ReceiverCheckStore>().WaitUntilFinishedAsync(id);

        var junit = await h.Owner.GetAsync($"/api/receiver-checks/{id}/junit");
        Assert.Equal(HttpStatusCode.OK, junit.StatusCode);
        OddBytesReports.AssertJUnit(await junit.Content.ReadAsStringAsync());
        var json = await h.Owner.GetAsync($"/api/receiver-checks/{id}");
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        OddBytesReports.AssertJson(await json.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_junit_report_gives_real_time_while_the_simulated_clock_runs_fast()
    {
        await using var app = new SimulatorAppFactory { UseSystemTime = true };
        app.Settings["Clock:Speed"] = "1000";
        app.Boot();
        using var owner = app.CreateApiClient();
        await using var receiver = await CheckReceiver.CorrectAsync();
        var before = TimeProvider.System.GetUtcNow();
        var watch = TimeProvider.System.GetTimestamp();

        var started = await owner.PostAsJsonAsync("/api/receiver-checks", new { url = receiver.Url });
        var id = (await ApiHarness.ReadAsync(started)).GetProperty("id").GetString()!;
        await app.Service<ReceiverCheckStore>().WaitUntilFinishedAsync(id);
        var elapsed = TimeProvider.System.GetElapsedTime(watch);
        var after = TimeProvider.System.GetUtcNow();

        var suite = XDocument.Parse(await owner.GetStringAsync($"/api/receiver-checks/{id}/junit")).Root!;
        // measured inside the check, so never more than the test saw from outside (plus the 3 decimals' rounding)
        Assert.InRange(double.Parse(suite.Attribute("time")!.Value, CultureInfo.InvariantCulture), 0, elapsed.TotalSeconds + 0.001);
        var timestamp = DateTimeOffset.Parse(suite.Attribute("timestamp")!.Value, CultureInfo.InvariantCulture);
        Assert.InRange(timestamp, before.AddSeconds(-1), after);
        var properties = suite.Element("properties")!.Elements("property").ToDictionary(p => p.Attribute("name")!.Value, p => p.Attribute("value")!.Value);
        Assert.Contains("real", properties["clock"], StringComparison.Ordinal);
        // the simulated clock is far ahead: a thousand simulated seconds per real second
        Assert.True(DateTimeOffset.Parse(properties["simulated_started_at"], CultureInfo.InvariantCulture) > after);
        var check = await ApiHarness.ReadAsync(await owner.GetAsync($"/api/receiver-checks/{id}"));
        Assert.InRange(check.GetProperty("duration_ms").GetInt64(), 0, (long)elapsed.TotalMilliseconds + 1);
    }

    [Fact]
    public async Task Beyond_the_most_checks_at_once_a_start_is_a_429_problem()
    {
        await using var h = await ApiHarness.StartAsync(s => s["ReceiverCheck:MaxConcurrent"] = "2");
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await CheckReceiver.WaitingForAsync(open.Task);
        var checks = h.App.Service<ReceiverCheckStore>();

        string first, second;
        try
        {
            first = await StartAsync(h, receiver.Url);
            second = await StartAsync(h, receiver.Url);
            var third = await h.Owner.PostAsJsonAsync("/api/receiver-checks", new { url = receiver.Url });

            await ApiHarness.AssertProblemAsync(third, HttpStatusCode.TooManyRequests, "Too many receiver checks");
            Assert.Contains("2", (await ApiHarness.ReadAsync(third)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            open.SetResult();
        }
        await checks.WaitUntilFinishedAsync(first);
        await checks.WaitUntilFinishedAsync(second);
        var fourth = await StartAsync(h, receiver.Url);
        Assert.NotNull(checks.Find(fourth));
        await checks.WaitUntilFinishedAsync(fourth); // before the receiver stops under it
    }

    [Fact]
    public async Task An_unreachable_receiver_is_a_failed_check_whose_error_names_it()
    {
        await using var h = await ApiHarness.StartAsync();
        var port = LoopbackPorts.Unused();

        var id = await StartAsync(h, $"http://localhost:{port}/webhooks");
        await h.App.Service<ReceiverCheckStore>().WaitUntilFinishedAsync(id);

        var check = await ApiHarness.ReadAsync(await h.Owner.GetAsync($"/api/receiver-checks/{id}"));
        Assert.Equal("failed", check.GetProperty("status").GetString());
        Assert.Equal($"nothing is listening on localhost:{port}; is your receiver running?", check.GetProperty("error").GetString());
        Assert.All(check.GetProperty("cases").EnumerateArray(), c => Assert.Equal("not_run", c.GetProperty("status").GetString()));
    }

    private static async Task<string> StartAsync(ApiHarness h, string url)
    {
        var response = await h.Owner.PostAsJsonAsync("/api/receiver-checks", new { url });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await ApiHarness.ReadAsync(response)).GetProperty("id").GetString()!;
    }
}
