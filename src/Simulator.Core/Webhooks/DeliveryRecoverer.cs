using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Simulator.Core.Clock;
using Simulator.Core.Dispatching;
using Simulator.Core.Domain;
using Simulator.Core.Persistence;

namespace Simulator.Core.Webhooks;

/// <summary>
/// "Recover failed deliveries since…" (the simulator's choice: the reference documents no such
/// thing; it is for catching up after a receiver's outage while developing). Sends again, now, every
/// live delivery to an endpoint that failed or was cancelled and whose event was raised at or after a
/// moment: each through <see cref="ManualDeliveries.SendAgainAsync"/>, exactly as <em>Send again</em> does
/// (one more attempt, the event's identical bytes). Test sends and the fault lab's copies are left out.
/// </summary>
public sealed class DeliveryRecoverer(
    IDbContextFactory<SimulatorDbContext> dbFactory,
    ManualDeliveries manual,
    WorkTracker tracker,
    IOptions<SimulatorOptions> options,
    ILogger<DeliveryRecoverer> logger) : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>
    /// The deliveries to send again, oldest event first, and starts sending them: as many at once as
    /// the endpoint takes (<c>Delivery:MaxConcurrencyPerEndpoint</c>). Returns before they are sent;
    /// the clock's advance and <see cref="SimulationControl.WhenIdleAsync"/> wait for them.
    /// </summary>
    public async Task<IReadOnlyList<long>> RecoverAsync(int endpointId, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var from = SoapNote.Truncate(since);
        List<long> ids;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (!await db.WebhookEndpoints.AnyAsync(e => e.Id == endpointId, cancellationToken))
            {
                throw new KeyNotFoundException($"Webhook endpoint {endpointId} does not exist.");
            }
            ids = await db.Deliveries
                .Where(d => d.EndpointId == endpointId && !d.IsTest && d.DuplicateOfId == null
                    && (d.Status == DeliveryStatus.Failed || d.Status == DeliveryStatus.Cancelled))
                .Join(db.WebhookEvents.Where(e => e.CreatedAt >= from), d => d.EventId, e => e.Id, (d, e) => new { d.Id, d.EventId })
                .OrderBy(d => d.EventId).ThenBy(d => d.Id)
                .Select(d => d.Id)
                .ToListAsync(cancellationToken);
        }
        if (ids.Count > 0)
        {
            var stopping = _stopping.Token;
            tracker.Enter();
            _ = Task.Run(() => SendAgainAsync(endpointId, ids, stopping), CancellationToken.None); // not the request's: the sends outlive it
        }
        return ids;
    }

    private async Task SendAgainAsync(int endpointId, List<long> ids, CancellationToken stopping)
    {
        try
        {
            var parallel = new ParallelOptions
            {
                MaxDegreeOfParallelism = options.Value.Delivery.MaxConcurrencyPerEndpoint,
                CancellationToken = stopping,
            };
            await Parallel.ForEachAsync(ids, parallel, async (id, cancellationToken) =>
            {
                try
                {
                    await manual.SendAgainAsync(id, cancellationToken);
                }
                catch (Exception ex) when (ex is DomainRuleException or KeyNotFoundException)
                {
                    // gone or refused meanwhile (the endpoint deleted): the others go on
                    logger.LogInformation("Recovering delivery {DeliveryId} of endpoint {EndpointId}: not sent again ({Reason})", id, endpointId, ex.Message);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Recovering delivery {DeliveryId} of endpoint {EndpointId}: not sent again", id, endpointId);
                }
            });
        }
        catch (OperationCanceledException)
        {
            logger.LogInformation("Recovering endpoint {EndpointId}: stopped with the simulator", endpointId);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Recovering endpoint {EndpointId} stopped early", endpointId);
        }
        finally
        {
            tracker.Exit();
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }
}
