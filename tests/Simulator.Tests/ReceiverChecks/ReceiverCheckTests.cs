using System.Text.Json;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Simulator.Core.Dispatching;
using Simulator.Core.Domain;
using Simulator.Core.ReceiverChecks;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.ReceiverChecks;

public sealed class ReceiverCheckTests
{
    private static readonly string[] DuplicateCases = [ReceiverCheckCase.AcceptsDuplicate, ReceiverCheckCase.AcceptsConcurrentDuplicate];

    [Fact]
    public async Task A_correct_receiver_passes_every_case()
    {
        await using var receiver = await CheckReceiver.CorrectAsync();
        await using var services = CheckServices.Create();

        var report = await services.CheckAsync(receiver.Url);

        Assert.Equal(ReceiverCheckStatus.Passed, report.Status);
        Assert.Equal(ReceiverCheckCase.All.Select(c => c.Name), report.Cases.Select(c => c.Name));
        Assert.All(report.Cases, c => Assert.Equal(CheckCaseStatus.Passed, c.Status));
        Assert.All(report.Cases, c => Assert.Null(c.WhatToChange));
        Assert.NotNull(report.FinishedAt);
        var sent = report.Cases.Where(c => c.Name != ReceiverCheckCase.AnswersQuickly).Sum(c => c.Attempts.Count);
        Assert.Equal(sent, receiver.Received.Count);
        Assert.All(report.Cases.Single(c => c.Name == ReceiverCheckCase.AcceptsCreated).Attempts, a =>
        {
            Assert.Equal(200, a.StatusCode);
            Assert.Equal("received", a.Answer);
        });
    }

    [Fact]
    public async Task Requests_are_shaped_as_real_deliveries_and_no_two_cases_send_the_same_bytes()
    {
        await using var receiver = await CheckReceiver.CorrectAsync();
        await using var services = CheckServices.Create();

        await services.CheckAsync(receiver.Url);

        var received = receiver.Received.ToList();
        Assert.All(received, r =>
        {
            Assert.Equal("InstinctiveNotes-Webhooks/1.0", r.Headers["User-Agent"]);
            Assert.Equal("application/json", r.Headers["Content-Type"]);
            Assert.False(r.Headers.ContainsKey("traceparent"));
            using var json = JsonDocument.Parse(r.Body);
            Assert.Equal(["created_at", "data", "type"], json.RootElement.EnumerateObject().Select(p => p.Name));
        });
        // exactly two bodies are sent twice: the two duplicate cases; every other body is unique
        var repeated = received.GroupBy(r => r.Body).Where(g => g.Count() > 1).ToList();
        Assert.Equal(2, repeated.Count);
        Assert.All(repeated, g => Assert.Equal(2, g.Count()));
        var notes = received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("data").GetProperty("object")).ToList();
        Assert.Contains(notes, n => n.GetProperty("exercise_prescriptions").GetArrayLength() == 50);
        Assert.Contains(notes, n => n.GetProperty("recommendations").GetString()!.Contains("🧊", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_receiver_refusing_a_body_it_has_seen_fails_exactly_the_two_duplicate_cases()
    {
        await using var receiver = await CheckReceiver.RefusingSeenBodiesAsync();
        await using var services = CheckServices.Create();

        var report = await services.CheckAsync(receiver.Url);

        Assert.Equal(ReceiverCheckStatus.Failed, report.Status);
        Assert.Equal(DuplicateCases, report.Cases.Where(c => c.Failed).Select(c => c.Name));
        var duplicate = report.Cases.Single(c => c.Name == ReceiverCheckCase.AcceptsDuplicate);
        Assert.Equal([200, 409], duplicate.Attempts.Select(a => a.StatusCode));
        Assert.Contains("HTTP 409", duplicate.Detail, StringComparison.Ordinal);
        Assert.Contains("more than once", duplicate.Reference, StringComparison.Ordinal);
        Assert.Contains("idempotent", duplicate.WhatToChange, StringComparison.Ordinal);
        var concurrent = report.Cases.Single(c => c.Name == ReceiverCheckCase.AcceptsConcurrentDuplicate);
        Assert.Equal([200, 409], concurrent.Attempts.Select(a => a.StatusCode!.Value).Order());
    }

    [Fact]
    [Trait("Category", "Slow")] // real time: the receiver takes 3 s per request, about 30 s in all
    public async Task A_receiver_taking_3_s_fails_answers_quickly_only()
    {
        await using var receiver = await CheckReceiver.SlowAsync(TimeSpan.FromSeconds(3));
        await using var services = CheckServices.WithRealTimeLimit();

        var report = await services.CheckAsync(receiver.Url);

        var failed = Assert.Single(report.Cases, c => c.Failed);
        Assert.Equal(ReceiverCheckCase.AnswersQuickly, failed.Name);
        Assert.All(failed.Attempts, a => Assert.True(a.DurationMs > 2000));
        Assert.Contains("within 2000 ms of real time", failed.Detail, StringComparison.Ordinal);
        Assert.Contains("answer 2xx at once", failed.WhatToChange, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_connection_is_named_once_with_host_and_port_and_no_case_runs()
    {
        await using var services = CheckServices.Create();
        var port = LoopbackPorts.Unused();

        var report = await services.CheckAsync($"http://127.0.0.1:{port}/webhooks");

        Assert.Equal(ReceiverCheckStatus.Failed, report.Status);
        Assert.Equal($"nothing is listening on 127.0.0.1:{port}; is your receiver running?", report.Error);
        AssertNoCaseRan(report);
        var suite = XDocument.Parse(JUnitReport.Write(report)).Root!;
        Assert.Equal("8", suite.Attribute("errors")!.Value);
        Assert.Equal("0", suite.Attribute("failures")!.Value);
        Assert.All(suite.Elements("testcase"), c =>
        {
            Assert.Null(c.Element("failure"));
            Assert.Contains(report.Error!, c.Element("error")!.Attribute("message")!.Value, StringComparison.Ordinal);
        });
        using var json = JsonDocument.Parse(JsonReport.Write(report));
        Assert.Equal("failed", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(report.Error, json.RootElement.GetProperty("error").GetString());
        Assert.All(json.RootElement.GetProperty("cases").EnumerateArray(), c => Assert.Equal("not_run", c.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task An_unknown_host_is_named_once_as_a_dns_failure()
    {
        await using var services = CheckServices.Create();

        // .invalid never resolves (RFC 2606)
        var report = await services.CheckAsync("http://no-such-host.invalid:3999/webhooks");

        Assert.Equal(ReceiverCheckStatus.Failed, report.Status);
        Assert.Contains("no-such-host.invalid:3999", report.Error, StringComparison.Ordinal);
        Assert.Contains("DNS", report.Error, StringComparison.Ordinal);
        AssertNoCaseRan(report);
    }

    [Fact]
    public async Task Https_to_a_receiver_speaking_plain_http_is_named_once_as_a_tls_failure()
    {
        await using var receiver = await CheckReceiver.CorrectAsync();
        await using var services = CheckServices.Create();
        var https = new UriBuilder(receiver.Url) { Scheme = "https" }.Uri;

        var report = await services.CheckAsync(https.ToString());

        Assert.Equal(ReceiverCheckStatus.Failed, report.Status);
        Assert.Contains($"127.0.0.1:{https.Port}", report.Error, StringComparison.Ordinal);
        Assert.Contains("TLS", report.Error, StringComparison.Ordinal);
        AssertNoCaseRan(report);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task A_check_that_breaks_ends_failed_with_the_reason()
    {
        await using var receiver = await CheckReceiver.CorrectAsync();
        await using var services = CheckServices.Create(s => s.AddHttpClient(WebhookSender.HttpClientName).AddHttpMessageHandler(() => new BreakingHandler()));
        var store = services.GetRequiredService<ReceiverCheckStore>();

        var started = await store.StartAsync(receiver.Url);
        var report = await store.WaitUntilFinishedAsync(started.Id);

        Assert.Equal(ReceiverCheckStatus.Failed, report.Status);
        Assert.NotNull(report.FinishedAt);
        Assert.Contains(BreakingHandler.Reason, report.Error, StringComparison.Ordinal);
        Assert.All(report.Cases, c => Assert.Equal(CheckCaseStatus.NotRun, c.Status));
    }

    [Fact]
    public async Task A_receivers_odd_bytes_are_kept_exactly_in_json_and_replaced_and_named_in_junit()
    {
        await using var receiver = await CheckReceiver.AnsweringOddBytesAsync();
        await using var services = CheckServices.Create();

        var report = await services.CheckAsync(receiver.Url);

        Assert.Equal(ReceiverCheckStatus.Passed, report.Status);
        OddBytesReports.AssertJUnit(JUnitReport.Write(report));
        OddBytesReports.AssertJson(JsonReport.Write(report));
    }

    [Fact]
    public async Task A_bad_url_is_a_field_error_and_sends_nothing()
    {
        await using var services = CheckServices.Create();

        var error = await Assert.ThrowsAsync<DomainValidationException>(() => services.CheckAsync("ftp://example.com/hooks"));

        Assert.Contains("url", error.Errors.Keys);
    }

    [Fact]
    public async Task The_junit_report_has_one_testsuite_a_testcase_per_case_and_a_failure_in_each_failed_one()
    {
        await using var receiver = await CheckReceiver.RefusingSeenBodiesAsync();
        await using var services = CheckServices.Create();
        var report = await services.CheckAsync(receiver.Url);

        var xml = XDocument.Parse(JUnitReport.Write(report));

        var suite = xml.Root!;
        Assert.Equal("testsuite", suite.Name.LocalName);
        Assert.Equal("8", suite.Attribute("tests")!.Value);
        Assert.Equal("2", suite.Attribute("failures")!.Value);
        var cases = suite.Elements("testcase").ToList();
        Assert.Equal(ReceiverCheckCase.All.Select(c => c.Name), cases.Select(c => c.Attribute("name")!.Value));
        Assert.Equal(DuplicateCases, cases.Where(c => c.Element("failure") is not null).Select(c => c.Attribute("name")!.Value));
        var failure = cases.Single(c => c.Attribute("name")!.Value == ReceiverCheckCase.AcceptsDuplicate).Element("failure")!;
        Assert.Contains("HTTP 409", failure.Attribute("message")!.Value, StringComparison.Ordinal);
        Assert.Contains("What to change", failure.Value, StringComparison.Ordinal);
        Assert.Equal(report.Url, suite.Element("properties")!.Elements("property").Single(p => p.Attribute("name")!.Value == "url").Attribute("value")!.Value);
    }

    [Fact]
    public async Task The_json_report_uses_the_contracts_names()
    {
        await using var receiver = await CheckReceiver.CorrectAsync();
        await using var services = CheckServices.Create();
        var report = await services.CheckAsync(receiver.Url);

        using var json = JsonDocument.Parse(JsonReport.Write(report));

        var root = json.RootElement;
        Assert.Equal("passed", root.GetProperty("status").GetString());
        Assert.Equal(receiver.Url, root.GetProperty("url").GetString());
        Assert.EndsWith("Z", root.GetProperty("started_at").GetString(), StringComparison.Ordinal);
        var first = root.GetProperty("cases")[0];
        Assert.Equal("accepts_created", first.GetProperty("name").GetString());
        Assert.Equal("passed", first.GetProperty("status").GetString());
        var attempt = first.GetProperty("attempts")[0];
        Assert.Equal(200, attempt.GetProperty("status_code").GetInt32());
        Assert.True(attempt.TryGetProperty("duration_ms", out _));
        Assert.Equal(JsonValueKind.Null, attempt.GetProperty("error").ValueKind);
    }

    private static void AssertNoCaseRan(ReceiverCheckReport report)
    {
        Assert.NotNull(report.FinishedAt);
        Assert.All(report.Cases, c =>
        {
            Assert.Equal(CheckCaseStatus.NotRun, c.Status);
            Assert.Empty(c.Attempts);
            Assert.Null(c.WhyItMatters);
            Assert.Null(c.WhatToChange);
        });
    }

    /// <summary>Stands for a fault in the simulator itself: the webhook client throws what the sender does not expect.</summary>
    private sealed class BreakingHandler : DelegatingHandler
    {
        public const string Reason = "the test's handler broke";

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException(Reason);
    }
}
