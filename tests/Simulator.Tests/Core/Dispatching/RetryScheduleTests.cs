using Simulator.Core.Dispatching;
using Simulator.Core.Domain;
using Simulator.Core.Webhooks;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Core.Dispatching;

public sealed class RetryScheduleTests
{
    [Fact]
    public async Task A_never_succeeding_endpoint_is_retried_on_the_backoff_schedule_until_the_window_closes()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.RespondWith(500, "still broken");
        await using var app = Simulation.Premium();
        await app.EndpointAsync(receiver.Url());
        var schedule = app.Service<BackoffSchedule>();
        var start = app.Clock.GetUtcNow();

        var raised = await app.CreateNoteAsync();
        await app.WhenIdleAsync();
        var waiting = await app.OnlyDeliveryAsync(raised);
        Assert.Equal((DeliveryStatus.Pending, 1), (waiting.Status, waiting.AttemptCount));
        Assert.Equal(start + schedule.DelayAfter(waiting.Id, 1), waiting.NextAttemptAt);
        Assert.Equal(waiting.NextAttemptAt, app.Service<WebhookActivity>().NextAttemptAt);

        await app.AdvanceAsync(TimeSpan.FromHours(13));

        var delivery = await app.OnlyDeliveryAsync(raised);
        var attempts = delivery.Attempts.OrderBy(a => a.Number).ToList();
        var expected = new List<DateTimeOffset> { start };
        while (schedule.NextAttemptAt(delivery.Id, expected.Count, start, expected[^1]) is { } next)
        {
            expected.Add(next);
        }
        Assert.Equal(DeliveryStatus.Failed, delivery.Status);
        Assert.Equal(Enumerable.Range(1, expected.Count), attempts.Select(a => a.Number));
        Assert.Equal(expected, attempts.Select(a => a.StartedAt));
        Assert.InRange(expected.Count, 9, 12);
        Assert.Equal(start + TimeSpan.FromHours(12), expected[^1]); // "for up to 12 hours": the last attempt at the end of the window
        Assert.All(attempts, a => Assert.Equal((500, "HTTP 500", "still broken"), (a.StatusCode!.Value, a.Error!, a.ResponseBody)));
        Assert.Equal(expected[^1], delivery.CompletedAt);
        Assert.Null(delivery.NextAttemptAt);
        Assert.Equal(expected.Count, receiver.Count);
    }

    [Fact]
    public void The_schedule_grows_by_the_factor_up_to_the_cap_with_a_jitter_fixed_per_delivery_and_attempt()
    {
        using var app = Simulation.Premium();
        var schedule = app.Service<BackoffSchedule>();

        Assert.Equal(
            [5, 20, 80, 320, 1280, 5120, 10800, 10800],
            Enumerable.Range(1, 8).Select(n => schedule.NominalDelayAfter(n).TotalSeconds));
        Assert.All(Enumerable.Range(1, 8), n =>
        {
            var nominal = schedule.NominalDelayAfter(n).TotalSeconds;
            Assert.InRange(schedule.DelayAfter(17, n).TotalSeconds, Math.Floor(nominal * 0.9), Math.Ceiling(nominal * 1.1));
            Assert.Equal(schedule.DelayAfter(17, n), schedule.DelayAfter(17, n));
        });
        Assert.NotEqual(
            Enumerable.Range(1, 8).Select(n => schedule.DelayAfter(17, n)),
            Enumerable.Range(1, 8).Select(n => schedule.DelayAfter(18, n)));
        var preview = schedule.Preview();
        Assert.Equal(TimeSpan.Zero, preview[0].At);
        Assert.True(preview[^1].At <= TimeSpan.FromHours(12));
        Assert.True(preview[^1].At + schedule.NominalDelayAfter(preview.Count) > TimeSpan.FromHours(12));
    }

    [Fact]
    public void For_any_delivery_no_wait_exceeds_the_cap_after_jitter_and_the_last_attempt_falls_at_the_end_of_the_window()
    {
        using var app = Simulation.Premium();
        var schedule = app.Service<BackoffSchedule>();
        var first = SimulatorAppFactory.Start;

        foreach (var deliveryId in Enumerable.Range(1, 2_000))
        {
            var times = new List<DateTimeOffset> { first };
            while (schedule.NextAttemptAt(deliveryId, times.Count, first, times[^1]) is { } next)
            {
                Assert.InRange(next - times[^1], TimeSpan.FromSeconds(1), TimeSpan.FromHours(3));
                times.Add(next);
            }
            Assert.Equal(first + TimeSpan.FromHours(12), times[^1]);
            Assert.InRange(times.Count, 10, 12);
        }
    }

    [Fact]
    public async Task A_retry_already_due_when_its_attempt_ends_is_made_at_once_and_not_dropped()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await using var app = Simulation.Premium(("Delivery:Jitter", "0"));
        var answered = 0;
        receiver.RespondWith(context =>
        {
            // the first answer takes 10 real seconds (10 simulated minutes at 60x): the 5 s retry is due before it ends
            if (Interlocked.Increment(ref answered) == 1)
            {
                app.RealTime.Advance(TimeSpan.FromSeconds(10));
                context.Response.StatusCode = 500;
                return Task.CompletedTask;
            }
            context.Response.StatusCode = 200;
            return Task.CompletedTask;
        });
        await app.EndpointAsync(receiver.Url());

        var raised = await app.CreateNoteAsync();
        await app.WhenIdleAsync();

        var delivery = await app.OnlyDeliveryAsync(raised);
        Assert.Equal((DeliveryStatus.Succeeded, 2), (delivery.Status, delivery.AttemptCount));
        Assert.Equal(2, receiver.Count);
        Assert.Null(app.Service<WebhookActivity>().NextAttemptAt);
    }

    [Fact]
    public async Task A_receiver_that_recovers_ends_the_delivery_succeeded_and_retries_stop()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.FailFirst(3);
        await using var app = Simulation.Premium();
        await app.EndpointAsync(receiver.Url());

        var raised = await app.CreateNoteAsync();
        await app.AdvanceAsync(TimeSpan.FromHours(1));

        var delivery = await app.OnlyDeliveryAsync(raised);
        Assert.Equal((DeliveryStatus.Succeeded, 4), (delivery.Status, delivery.AttemptCount));
        Assert.Equal([false, false, false, true], delivery.Attempts.OrderBy(a => a.Number).Select(a => a.Succeeded));
        Assert.Equal(delivery.Attempts.Max(a => a.StartedAt), delivery.CompletedAt);

        await app.AdvanceAsync(TimeSpan.FromHours(13));
        Assert.Equal(4, receiver.Count);
    }

    [Fact]
    public async Task A_shorter_retry_window_from_the_settings_ends_the_delivery_sooner()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.RespondWith(503);
        await using var app = Simulation.Premium(("Delivery:RetryWindow", "00:01:00"), ("Delivery:Jitter", "0"));
        await app.EndpointAsync(receiver.Url());
        var start = app.Clock.GetUtcNow();

        var raised = await app.CreateNoteAsync();
        await app.AdvanceAsync(TimeSpan.FromMinutes(10));

        var delivery = await app.OnlyDeliveryAsync(raised);
        Assert.Equal(DeliveryStatus.Failed, delivery.Status);
        // the next wait (80 s) would pass the window: the last attempt falls at its end, then the delivery fails
        Assert.Equal([start, start.AddSeconds(5), start.AddSeconds(25), start.AddMinutes(1)], delivery.Attempts.OrderBy(a => a.Number).Select(a => a.StartedAt));
        Assert.Equal(start.AddMinutes(1), delivery.CompletedAt);
    }
}
