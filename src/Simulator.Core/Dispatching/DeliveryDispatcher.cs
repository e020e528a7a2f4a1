using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Registry;
using Simulator.Core.Clock;
using Simulator.Core.Domain;
using Simulator.Core.Notifications;
using Simulator.Core.Persistence;

namespace Simulator.Core.Dispatching;

/// <summary>
/// Runs deliveries: each pending delivery gets a runner that waits on the simulation clock for
/// its next attempt and goes through the Polly retry pipeline. The database is the truth: every
/// attempt and every next-attempt time is written as it happens, and on start the pending
/// deliveries resume where they were.
/// </summary>
public sealed class DeliveryDispatcher(
    IDbContextFactory<SimulatorDbContext> dbFactory,
    TrackedTimeProvider time,
    WebhookSender sender,
    DeliveryConcurrency concurrency,
    DeliveryRunners runners,
    BackoffSchedule schedule,
    EndpointHealth health,
    ResiliencePipelineProvider<string> pipelines,
    LiveUpdates live,
    ILogger<DeliveryDispatcher> logger) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();

    // manual actions on one delivery run one at a time (a double click must not number two attempts alike)
    private readonly SemaphoreSlim[] _manual = [.. Enumerable.Range(0, 32).Select(_ => new SemaphoreSlim(1, 1))];
    private ResiliencePipeline<AttemptResult>? _retry;

    private ResiliencePipeline<AttemptResult> Retry => _retry ??= pipelines.GetPipeline<AttemptResult>(DeliveryPipelines.RetryKey);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var interruptedTests = await db.Deliveries.Where(d => d.Status == DeliveryStatus.Pending && d.IsTest).ToListAsync(cancellationToken);
        foreach (var test in interruptedTests)
        {
            test.MarkFailed(now);
        }
        await db.SaveChangesAsync(cancellationToken);

        var pending = await db.Deliveries.AsNoTracking()
            .Where(d => d.Status == DeliveryStatus.Pending && !d.IsTest)
            .OrderBy(d => d.Id)
            .ToListAsync(cancellationToken);
        foreach (var delivery in pending)
        {
            Start(ToJob(delivery));
        }
        if (pending.Count > 0)
        {
            logger.LogInformation("Resumed {Count} pending deliveries", pending.Count);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await runners.StopAllAsync().WaitAsync(cancellationToken);
    }

    /// <summary>Starts delivering: waits until the job's next attempt, then attempts and retries.</summary>
    public void Start(DeliveryJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var runner = runners.Add(job.DeliveryId, job.EndpointId, _stopping.Token);
        time.Tracker.Enter();
        _ = Task.Run(() => RunAsync(job, runner));
    }

    /// <summary>Sends a delivery again now: one new attempt; a pending delivery then keeps its schedule.</summary>
    public async Task<AttemptResult> RetryNowAsync(long deliveryId, CancellationToken cancellationToken)
    {
        var manual = ManualGate(deliveryId);
        await manual.WaitAsync(cancellationToken);
        await runners.StopAsync(deliveryId);
        time.Tracker.Enter();
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var delivery = await db.Deliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deliveryId, cancellationToken)
                ?? throw new KeyNotFoundException($"Delivery {deliveryId} does not exist.");
            var job = ToJob(delivery);
            var result = await AttemptAsync(job, allowFinished: true, cancellationToken);
            if (delivery.IsPending && result.Kind == AttemptResultKind.Failed)
            {
                if (DeliveryPipelines.NextAttemptAt(schedule, job) is { } next && !delivery.IsTest)
                {
                    await ScheduleNextAttemptAsync(job, next);
                    Start(job);
                }
                else
                {
                    await FinishFailedAsync(job, result.Outcome, countsTowardsDisabling: !delivery.IsTest);
                }
            }
            return result;
        }
        finally
        {
            time.Tracker.Exit();
            manual.Release();
        }
    }

    /// <summary>Stops retrying a pending delivery.</summary>
    public async Task CancelAsync(long deliveryId, CancellationToken cancellationToken)
    {
        var manual = ManualGate(deliveryId);
        await manual.WaitAsync(cancellationToken);
        try
        {
            await runners.StopAsync(deliveryId);
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var delivery = await db.Deliveries.FirstOrDefaultAsync(d => d.Id == deliveryId, cancellationToken)
                ?? throw new KeyNotFoundException($"Delivery {deliveryId} does not exist.");
            delivery.Cancel(time.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
            live.Publish(LiveChangeKind.Delivery, deliveryId);
        }
        finally
        {
            manual.Release();
        }
    }

    /// <summary>Makes the single attempt of a test send and ends the delivery with it.</summary>
    public async Task<AttemptResult> SendOnceAsync(long deliveryId, int endpointId, CancellationToken cancellationToken)
    {
        time.Tracker.Enter();
        try
        {
            var job = new DeliveryJob { DeliveryId = deliveryId, EndpointId = endpointId, NextAttemptAt = time.GetUtcNow() };
            var result = await AttemptAsync(job, allowFinished: false, cancellationToken, allowInactiveEndpoint: true);
            if (result.Kind != AttemptResultKind.Succeeded)
            {
                await FinishFailedAsync(job, result.Outcome, countsTowardsDisabling: false);
            }
            return result;
        }
        finally
        {
            time.Tracker.Exit();
        }
    }

    internal async Task ScheduleNextAttemptAsync(DeliveryJob job, DateTimeOffset at)
    {
        job.NextAttemptAt = at;
        job.Payload = null;
        await using var db = await dbFactory.CreateDbContextAsync();
        var delivery = await TrackAsync(db, job, CancellationToken.None)
            ?? throw new KeyNotFoundException($"Delivery {job.DeliveryId} does not exist.");
        delivery.ScheduleNextAttempt(at);
        await db.SaveChangesAsync();
        live.Publish(LiveChangeKind.Delivery, job.DeliveryId);
    }

    /// <summary>A job for a delivery just saved with its event (the fan-out): nothing to read back.</summary>
    public static DeliveryJob JobFor(Delivery delivery, string payload)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        delivery.ReleaseEvent();
        return new DeliveryJob
        {
            DeliveryId = delivery.Id,
            EndpointId = delivery.EndpointId,
            NextAttemptAt = delivery.NextAttemptAt ?? delivery.CreatedAt,
            Entity = delivery,
            Payload = payload,
        };
    }

    /// <summary>The job's delivery, tracked in <paramref name="db"/>: attached when the job holds it, read otherwise.</summary>
    private static async Task<Delivery?> TrackAsync(SimulatorDbContext db, DeliveryJob job, CancellationToken cancellationToken)
    {
        if (job.Entity is { } held)
        {
            db.Deliveries.Attach(held);
            return held;
        }
        var delivery = await db.Deliveries.FirstOrDefaultAsync(d => d.Id == job.DeliveryId, cancellationToken);
        job.Entity = delivery;
        return delivery;
    }

    private SemaphoreSlim ManualGate(long deliveryId) => _manual[(int)((ulong)deliveryId % (ulong)_manual.Length)];

    private static DeliveryJob ToJob(Delivery delivery) => new()
    {
        DeliveryId = delivery.Id,
        EndpointId = delivery.EndpointId,
        AttemptCount = delivery.AttemptCount,
        FirstAttemptAt = delivery.FirstAttemptAt,
        NextAttemptAt = delivery.NextAttemptAt ?? delivery.CreatedAt,
    };

    private async Task RunAsync(DeliveryJob job, DeliveryRunners.Runner runner)
    {
        var cancellationToken = runner.Cancellation.Token;
        try
        {
            await time.DelayUntilAsync(job.NextAttemptAt, cancellationToken);
            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            context.Properties.Set(DeliveryPipelines.JobKey, job);
            try
            {
                var result = await Retry.ExecuteAsync(
                    static (ctx, self) => new ValueTask<AttemptResult>(
                        self.AttemptAsync(ctx.Properties.GetValue(DeliveryPipelines.JobKey, null!), allowFinished: false, ctx.CancellationToken)),
                    context,
                    this);
                if (result.Kind == AttemptResultKind.Failed)
                {
                    await FinishFailedAsync(job, result.Outcome, countsTowardsDisabling: true);
                }
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopped: cancelled by the user, the endpoint was disabled, or the app is stopping
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Delivery {DeliveryId} stopped unexpectedly; it stays pending and resumes on restart", job.DeliveryId);
        }
        finally
        {
            runners.Remove(runner);
            runner.MarkStopped();
            time.Tracker.Exit();
        }
    }

    private async Task<AttemptResult> AttemptAsync(DeliveryJob job, bool allowFinished, CancellationToken cancellationToken, bool allowInactiveEndpoint = false)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var delivery = await TrackAsync(db, job, cancellationToken);
        var endpoint = await db.WebhookEndpoints.AsNoTracking().FirstOrDefaultAsync(e => e.Id == job.EndpointId, cancellationToken);
        if (delivery is null || endpoint is null || (!delivery.IsPending && !allowFinished))
        {
            return AttemptResult.Stopped;
        }
        if (endpoint.Status == EndpointStatus.Disabled && !allowInactiveEndpoint && !allowFinished)
        {
            return AttemptResult.Stopped;
        }
        var payload = job.Payload ??= await db.WebhookEvents.AsNoTracking()
            .Where(e => e.Id == delivery.EventId).Select(e => e.Payload).FirstOrDefaultAsync(cancellationToken);
        if (payload is null)
        {
            return AttemptResult.Stopped;
        }

        AttemptOutcome outcome;
        DateTimeOffset startedAt;
        using (await concurrency.EnterAsync(endpoint.Id, cancellationToken))
        {
            startedAt = time.GetUtcNow();
            logger.LogDebug("Delivering {EventType} to {Url} (delivery {DeliveryId}, attempt {Attempt})", delivery.EventType, endpoint.Url, delivery.Id, delivery.AttemptCount + 1);
            outcome = await sender.SendAsync(endpoint.Url, payload, cancellationToken);
        }

        delivery.RecordAttempt(startedAt, outcome);
        await db.SaveChangesAsync(CancellationToken.None);
        job.AttemptCount = delivery.AttemptCount;
        job.FirstAttemptAt = delivery.FirstAttemptAt;
        job.LastAttemptAt = startedAt;
        live.Publish(LiveChangeKind.Delivery, delivery.Id);

        if (outcome.Succeeded)
        {
            await health.DeliverySucceededAsync(endpoint.Id);
            return new AttemptResult(AttemptResultKind.Succeeded, outcome);
        }
        logger.LogInformation("Delivery {DeliveryId} of {EventType} to {Url}: attempt {Attempt} failed: {Result}", delivery.Id, delivery.EventType, endpoint.Url, delivery.AttemptCount, outcome.Summary);
        return new AttemptResult(AttemptResultKind.Failed, outcome);
    }

    private async Task FinishFailedAsync(DeliveryJob job, AttemptOutcome? lastOutcome, bool countsTowardsDisabling)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var delivery = await TrackAsync(db, job, CancellationToken.None);
        if (delivery is null || !delivery.IsPending)
        {
            return;
        }
        delivery.MarkFailed(time.GetUtcNow());
        await db.SaveChangesAsync();
        live.Publish(LiveChangeKind.Delivery, delivery.Id);
        logger.LogWarning("Delivery {DeliveryId} of {EventType} failed after {Attempts} attempts", delivery.Id, delivery.EventType, delivery.AttemptCount);
        if (countsTowardsDisabling)
        {
            await health.DeliveryFailedAsync(delivery, lastOutcome);
        }
    }
}
