using Microsoft.AspNetCore.Http;
using Simulator.Core.Domain;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Core.Dispatching;

public sealed class AttemptOutcomeTests
{
    private static readonly int[] Successes = [200, 201, 202, 204, 299];
    private static readonly int[] Redirects = [301, 302, 303, 307, 308];
    private static readonly int[] Errors = [400, 401, 404, 410, 429, 500, 502, 503];

    [Fact]
    public async Task A_2xx_succeeds_and_every_other_answer_is_a_failed_attempt_with_its_status()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.RespondWith(AnswerWithStatusFromPath);
        await using var app = Simulation.Premium();
        foreach (var status in Successes.Concat(Redirects).Concat(Errors))
        {
            await app.EndpointAsync(receiver.Url($"/status/{status}"), events: [EventTypes.SoapNoteCreated]);
        }

        var raised = await app.CreateNoteAsync();
        await app.WhenIdleAsync();

        foreach (var sent in raised.Deliveries)
        {
            var status = int.Parse(sent.Url[(sent.Url.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            var delivery = await app.DeliveryAsync(sent.DeliveryId);
            var attempt = Assert.Single(delivery.Attempts);
            Assert.Equal(status, attempt.StatusCode);
            Assert.Equal(status == 204 ? "" : $"answer {status}", attempt.ResponseBody);
            if (Successes.Contains(status))
            {
                Assert.Equal((DeliveryStatus.Succeeded, true, null), (delivery.Status, attempt.Succeeded, attempt.Error));
                Assert.Null(delivery.NextAttemptAt);
            }
            else
            {
                Assert.Equal((DeliveryStatus.Pending, false), (delivery.Status, attempt.Succeeded));
                Assert.NotNull(delivery.NextAttemptAt);
                Assert.StartsWith($"HTTP {status}", attempt.Error, StringComparison.Ordinal);
            }
            if (Redirects.Contains(status))
            {
                Assert.Contains("redirects are not followed", attempt.Error, StringComparison.Ordinal);
            }
        }
        Assert.Equal(Successes.Length + Redirects.Length + Errors.Length, receiver.Count);
        Assert.DoesNotContain(receiver.Requests, r => r.Path == "/elsewhere");
    }

    [Fact]
    public async Task An_endpoint_that_does_not_answer_within_the_timeout_fails_the_attempt()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.Hang();
        // paused simulated time: moving real time past the timeout moves nothing else
        await using var app = Simulation.Premium(("Clock:Speed", "0"), ("Delivery:Timeout", "00:00:07"));
        await app.EndpointAsync(receiver.Url());

        var raised = await app.CreateNoteAsync();
        await receiver.WaitForRequestsAsync(1);
        app.RealTime.Advance(TimeSpan.FromSeconds(7));
        await app.WhenIdleAsync();

        var delivery = await app.OnlyDeliveryAsync(raised);
        var attempt = Assert.Single(delivery.Attempts);
        Assert.Equal((null, "timed out after 7 s", false), (attempt.StatusCode, attempt.Error, attempt.Succeeded));
        Assert.Equal(DeliveryStatus.Pending, delivery.Status);
        Assert.NotNull(delivery.NextAttemptAt);
    }

    [Fact]
    public async Task A_refused_connection_fails_the_attempt_in_plain_words()
    {
        await using var app = Simulation.Premium();
        await app.EndpointAsync($"http://127.0.0.1:{LoopbackPorts.Unused()}/webhooks");

        var raised = await app.CreateNoteAsync();
        await app.WhenIdleAsync();

        var attempt = Assert.Single((await app.OnlyDeliveryAsync(raised)).Attempts);
        Assert.Equal((null, "connection refused", false), (attempt.StatusCode, attempt.Error, attempt.Succeeded));
    }

    [Fact]
    public async Task A_connection_closed_without_an_answer_fails_the_attempt()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.RespondWith(context =>
        {
            context.Abort();
            return Task.CompletedTask;
        });
        await using var app = Simulation.Premium();
        await app.EndpointAsync(receiver.Url());

        var raised = await app.CreateNoteAsync();
        await app.WhenIdleAsync();

        var attempt = Assert.Single((await app.OnlyDeliveryAsync(raised)).Attempts);
        Assert.Null(attempt.StatusCode);
        Assert.False(attempt.Succeeded);
        Assert.False(string.IsNullOrWhiteSpace(attempt.Error));
    }

    private static async Task AnswerWithStatusFromPath(HttpContext context)
    {
        var status = int.Parse(context.Request.Path.Value![(context.Request.Path.Value!.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        context.Response.StatusCode = status;
        if (status is >= 300 and <= 399)
        {
            context.Response.Headers.Location = "/elsewhere";
        }
        if (status != 204)
        {
            await context.Response.WriteAsync($"answer {status}");
        }
    }
}
