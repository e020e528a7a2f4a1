using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Simulator.Core.Clock;
using Simulator.Core.Dispatching;
using Simulator.Core.Domain;
using Simulator.Core.Persistence;

namespace Simulator.Core.Notifications;

/// <summary>
/// Failing episodes of endpoints: the first failed delivery of an active endpoint starts one,
/// with one e-mail to the contact; unless it is addressed within <c>Endpoints:DisableAfter</c>
/// (a success, a new URL, a deactivation) the endpoint is disabled, its pending retries stop and
/// a second e-mail says so.
/// </summary>
public sealed class EndpointHealth(
    IDbContextFactory<SimulatorDbContext> dbFactory,
    TrackedTimeProvider time,
    DeliveryRunners runners,
    EmailOutbox outbox,
    LiveUpdates live,
    IOptions<SimulatorOptions> options,
    ILogger<EndpointHealth> logger) : IHostedService
{
    private readonly ConcurrentDictionary<int, CancellationTokenSource> _disableTimers = new();
    private readonly Lock _gate = new();

    // an endpoint's episode changes one at a time: deliveries failing together start one episode, one e-mail
    private readonly SemaphoreSlim _episodes = new(1, 1);
    private CancellationToken _stopping;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _stopping = cancellationToken;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var failing = await db.WebhookEndpoints.AsNoTracking().Where(e => e.DisableAt != null).ToListAsync(cancellationToken);
        foreach (var endpoint in failing)
        {
            ScheduleDisable(endpoint.Id, endpoint.DisableAt!.Value);
        }
        _stopping = CancellationToken.None;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var timer in _disableTimers.Values)
        {
            timer.Cancel();
        }
        return Task.CompletedTask;
    }

    /// <summary>A delivery was marked failed: start a failing episode, unless one is running.</summary>
    public async Task DeliveryFailedAsync(Delivery delivery, AttemptOutcome? lastOutcome)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        await using var db = await dbFactory.CreateDbContextAsync();
        var grace = options.Value.Endpoints.DisableAfter;
        WebhookEndpoint? endpoint;
        await _episodes.WaitAsync();
        try
        {
            endpoint = await db.WebhookEndpoints.FirstOrDefaultAsync(e => e.Id == delivery.EndpointId);
            var now = time.GetUtcNow();
            if (endpoint is null || !endpoint.StartFailing(now, grace))
            {
                return;
            }
            outbox.Add(db, EmailKind.EndpointFailing, endpoint, FailureEmails.EndpointFailing(endpoint, delivery, lastOutcome, grace), now);
            await db.SaveChangesAsync();
        }
        finally
        {
            _episodes.Release();
        }
        logger.LogWarning("Endpoint {EndpointId} ({Url}) is failing; it will be disabled at {DisableAt} unless addressed", endpoint.Id, endpoint.Url, endpoint.DisableAt);
        outbox.Wake();
        ScheduleDisable(endpoint.Id, endpoint.DisableAt!.Value);
        live.Publish(LiveChangeKind.Endpoint, endpoint.Id);
        live.Publish(LiveChangeKind.Email);
    }

    /// <summary>A delivery to the endpoint succeeded (a test send included): its failure is addressed.</summary>
    public async Task DeliverySucceededAsync(int endpointId)
    {
        if (!_disableTimers.ContainsKey(endpointId))
        {
            return;
        }
        await using var db = await dbFactory.CreateDbContextAsync();
        await _episodes.WaitAsync();
        try
        {
            var endpoint = await db.WebhookEndpoints.FirstOrDefaultAsync(e => e.Id == endpointId);
            if (endpoint is not null && endpoint.Recover(time.GetUtcNow()))
            {
                await db.SaveChangesAsync();
                logger.LogInformation("Endpoint {EndpointId} recovered: a delivery succeeded", endpointId);
                live.Publish(LiveChangeKind.Endpoint, endpointId);
            }
        }
        finally
        {
            _episodes.Release();
        }
        Addressed(endpointId);
    }

    /// <summary>The Owner changed the URL, deactivated, re-activated or deleted the endpoint.</summary>
    public void Addressed(int endpointId)
    {
        if (_disableTimers.TryRemove(endpointId, out var timer))
        {
            timer.Cancel();
        }
    }

    private void ScheduleDisable(int endpointId, DateTimeOffset at)
    {
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
        lock (_gate)
        {
            if (_disableTimers.TryRemove(endpointId, out var previous))
            {
                previous.Cancel();
            }
            _disableTimers[endpointId] = cancellation;
        }
        time.Tracker.Enter();
        _ = Task.Run(async () =>
        {
            try
            {
                await time.DelayUntilAsync(at, cancellation.Token);
                await DisableIfUnaddressedAsync(endpointId);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Could not disable endpoint {EndpointId}", endpointId);
            }
            finally
            {
                _disableTimers.TryRemove(new KeyValuePair<int, CancellationTokenSource>(endpointId, cancellation));
                time.Tracker.Exit();
            }
        });
    }

    private async Task DisableIfUnaddressedAsync(int endpointId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var now = time.GetUtcNow();
        WebhookEndpoint? endpoint;
        await _episodes.WaitAsync();
        try
        {
            endpoint = await db.WebhookEndpoints.FirstOrDefaultAsync(e => e.Id == endpointId);
            if (endpoint is null || !endpoint.DisableIfUnaddressed(now))
            {
                return;
            }
            await db.SaveChangesAsync();
        }
        finally
        {
            // released before stopping the runners: a runner may be waiting for it to report its own failure
            _episodes.Release();
        }
        await runners.StopForEndpointAsync(endpointId);
        var pending = await db.Deliveries.Where(d => d.EndpointId == endpointId && d.Status == DeliveryStatus.Pending).ToListAsync();
        foreach (var delivery in pending)
        {
            delivery.Cancel(now);
        }
        outbox.Add(db, EmailKind.EndpointDisabled, endpoint, FailureEmails.EndpointDisabled(endpoint, pending.Count, now), now);
        await db.SaveChangesAsync();
        logger.LogWarning("Endpoint {EndpointId} ({Url}) disabled; {Count} pending deliveries stopped", endpointId, endpoint.Url, pending.Count);
        outbox.Wake();
        live.Publish(LiveChangeKind.Endpoint, endpointId);
        live.Publish(LiveChangeKind.Delivery);
        live.Publish(LiveChangeKind.Email);
    }
}
