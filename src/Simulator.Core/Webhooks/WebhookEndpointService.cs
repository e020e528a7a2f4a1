using Microsoft.EntityFrameworkCore;
using Simulator.Core.Dispatching;
using Simulator.Core.Domain;
using Simulator.Core.Payloads;
using Simulator.Core.Persistence;

namespace Simulator.Core.Webhooks;

/// <summary>Setting up, testing and switching webhook endpoints (the Owner's "Developer settings").</summary>
public sealed class WebhookEndpointService(
    IDbContextFactory<SimulatorDbContext> dbFactory,
    TimeProvider time,
    ManualDeliveries manual)
{
    public Task<List<WebhookEndpoint>> ListAsync(CancellationToken cancellationToken = default) =>
        ListAsync(int.MaxValue, null, cancellationToken);

    /// <summary>At most <paramref name="limit"/> endpoints, oldest first, after the one with id <paramref name="afterId"/>.</summary>
    public async Task<List<WebhookEndpoint>> ListAsync(int limit, int? afterId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.WebhookEndpoints.AsNoTracking().Where(e => afterId == null || e.Id > afterId)
            .OrderBy(e => e.Id).Take(limit).ToListAsync(cancellationToken);
    }

    public async Task<WebhookEndpoint?> FindAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.WebhookEndpoints.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
    }

    public async Task<WebhookEndpoint> CreateAsync(string? url, string? description, string? contactEmail, IEnumerable<string>? enabledEvents, CancellationToken cancellationToken = default)
    {
        var endpoint = WebhookEndpoint.Create(url, description, contactEmail, enabledEvents, time.GetUtcNow());
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync(cancellationToken);
        return endpoint;
    }

    // Edits decide on the endpoint as read; when it changed meanwhile (the failing-episode logic,
    // another edit) the store refuses the save and the edit runs again on the endpoint as it is now.
    public Task<WebhookEndpoint> UpdateAsync(int id, string? url, string? description, string? contactEmail, IEnumerable<string>? enabledEvents, CancellationToken cancellationToken = default) =>
        Concurrency.RetryOnConflictAsync(What(id), () => UpdateOnceAsync(id, url, description, contactEmail, enabledEvents, cancellationToken));

    public Task<WebhookEndpoint> ActivateAsync(int id, CancellationToken cancellationToken = default) =>
        Concurrency.RetryOnConflictAsync(What(id), () => ActivateOnceAsync(id, cancellationToken));

    public Task<WebhookEndpoint> DeactivateAsync(int id, CancellationToken cancellationToken = default) =>
        Concurrency.RetryOnConflictAsync(What(id), () => DeactivateOnceAsync(id, cancellationToken));

    /// <summary>
    /// Deletes the endpoint; its waiting deliveries are cancelled, its history kept. An attempt in
    /// flight finishes, and its outcome finds the endpoint gone and cancels its delivery.
    /// </summary>
    public Task DeleteAsync(int id, CancellationToken cancellationToken = default) =>
        Concurrency.RetryOnConflictAsync(What(id), async () =>
        {
            await DeleteOnceAsync(id, cancellationToken);
            return true;
        });

    private static string What(int id) => $"Webhook endpoint {id}";

    private async Task<WebhookEndpoint> UpdateOnceAsync(int id, string? url, string? description, string? contactEmail, IEnumerable<string>? enabledEvents, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var endpoint = await FindTrackedAsync(db, id, cancellationToken);
        endpoint.Update(url, description, contactEmail, enabledEvents, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return endpoint;
    }

    /// <summary>Sets the endpoint's fault lab (null keeps a value); a rate outside 0..1 is refused, naming the field.</summary>
    public Task<WebhookEndpoint> SetFaultsAsync(int id, double? duplicateRate, double? concurrentDuplicateRate, double? reorderRate, int? seed, CancellationToken cancellationToken = default) =>
        Concurrency.RetryOnConflictAsync(What(id), () => SetFaultsOnceAsync(id, duplicateRate, concurrentDuplicateRate, reorderRate, seed, cancellationToken));

    private async Task<WebhookEndpoint> SetFaultsOnceAsync(int id, double? duplicateRate, double? concurrentDuplicateRate, double? reorderRate, int? seed, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var endpoint = await FindTrackedAsync(db, id, cancellationToken);
        endpoint.SetFaults(duplicateRate, concurrentDuplicateRate, reorderRate, seed, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return endpoint;
    }

    private async Task<WebhookEndpoint> ActivateOnceAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var endpoint = await FindTrackedAsync(db, id, cancellationToken);
        var account = await db.Accounts.SingleAsync(cancellationToken);
        endpoint.Activate(account, time.GetUtcNow());
        // decided on the plan as read: a downgrade committed meanwhile makes this save fail, and the retry refuses
        Concurrency.Touch(db, account);
        await db.SaveChangesAsync(cancellationToken);
        return endpoint;
    }

    private async Task<WebhookEndpoint> DeactivateOnceAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var endpoint = await FindTrackedAsync(db, id, cancellationToken);
        endpoint.Deactivate(time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return endpoint;
    }

    private async Task DeleteOnceAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // decided inside the transaction: on SQLite (one writer) no attempt can start or end between reading the
        // waiting deliveries and cancelling them, however busy the endpoint; elsewhere the versions still arbitrate
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var endpoint = await FindTrackedAsync(db, id, cancellationToken);
        var now = time.GetUtcNow();
        var waiting = await db.Deliveries.Where(d => d.EndpointId == id && d.Status == DeliveryStatus.Pending && d.NextAttemptAt != null).ToListAsync(cancellationToken);
        waiting.ForEach(d => d.Cancel(now));
        db.WebhookEndpoints.Remove(endpoint);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// "Send test": one attempt now, whatever the endpoint's status or subscriptions, of "the last
    /// saved document of that type" (the reference): the SOAP note most recently created for
    /// <c>.created</c>; for <c>.updated</c> the one most recently updated, or, when no note has been
    /// updated yet, the last saved one. Refused only when the account has no SOAP note at all.
    /// Returns the delivery with its attempt.
    /// </summary>
    public Task<Delivery> SendTestAsync(int id, string eventType, CancellationToken cancellationToken = default) =>
        SendTestAsync(id, eventType, null, cancellationToken);

    /// <summary>
    /// "Send test" of <paramref name="note"/> as <c>data.object</c>, exactly as given and never saved
    /// (e.g. <see cref="SoapNoteObject.ReferenceExample"/>); null: the last saved note, as above.
    /// </summary>
    public async Task<Delivery> SendTestAsync(int id, string eventType, SoapNoteObject? note, CancellationToken cancellationToken = default)
    {
        note?.Validate();
        if (!EventTypes.IsKnown(eventType))
        {
            throw new DomainValidationException(new Dictionary<string, string[]>
            {
                ["event_type"] = [$"Unknown event type. Supported: {string.Join(", ", EventTypes.All)}."],
            });
        }
        var (objectId, write) = await TestBodyAsync(id, eventType, note, cancellationToken);
        var deliveryId = await manual.SendTestAsync(id, eventType, objectId, write, cancellationToken);
        await using var read = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await read.Deliveries.AsNoTracking().Include(d => d.Event).Include(d => d.Attempts).FirstAsync(d => d.Id == deliveryId, cancellationToken);
    }

    /// <summary>
    /// What a test send carries: the object given, or "the last saved document of that type": the
    /// note whose event of that type was raised last (its timestamps may have been given, so they
    /// do not say which was saved last), else, for a store with no such event yet, the newest by
    /// <c>created_at</c> (<c>.created</c>) or by <c>updated_at</c> (<c>.updated</c>).
    /// </summary>
    private async Task<(int ObjectId, Func<DateTimeOffset, string> Write)> TestBodyAsync(
        int id, string eventType, SoapNoteObject? given, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.WebhookEndpoints.AnyAsync(e => e.Id == id, cancellationToken))
        {
            throw new KeyNotFoundException($"Webhook endpoint {id} does not exist.");
        }
        if (given is not null)
        {
            return (given.Id, at => WebhookPayload.Write(eventType, given, at));
        }
        var notes = db.SoapNotes.AsNoTracking().Include(n => n.ExercisePrescriptions).Include(n => n.ProductPrescriptions).AsSplitQuery();
        var lastRaised = await db.WebhookEvents.Where(e => !e.IsTest && e.Type == eventType)
            .OrderByDescending(e => e.Id).Select(e => (int?)e.ObjectId).FirstOrDefaultAsync(cancellationToken);
        var note = lastRaised is { } raisedFor ? await notes.FirstOrDefaultAsync(n => n.Id == raisedFor, cancellationToken) : null;
        note ??= eventType == EventTypes.SoapNoteCreated
            ? await notes.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).FirstOrDefaultAsync(cancellationToken)
            : await LastUpdatedAsync(db, notes, cancellationToken)
                ?? await notes.OrderByDescending(n => n.UpdatedAt).ThenByDescending(n => n.Id).FirstOrDefaultAsync(cancellationToken);
        return note is null ? throw new NoSoapNoteYetException() : (note.Id, at => WebhookPayload.Write(eventType, note, at));
    }

    /// <summary>
    /// The note saved last as a change: a change within the second of creation leaves UpdatedAt equal
    /// to CreatedAt, but it raised <c>soap_note.updated</c> all the same.
    /// </summary>
    private static async Task<SoapNote?> LastUpdatedAsync(SimulatorDbContext db, IQueryable<SoapNote> notes, CancellationToken cancellationToken)
    {
        var lastRaised = await db.WebhookEvents.Where(e => !e.IsTest && e.Type == EventTypes.SoapNoteUpdated)
            .OrderByDescending(e => e.Id).Select(e => (int?)e.ObjectId).FirstOrDefaultAsync(cancellationToken);
        return await notes.Where(n => n.UpdatedAt > n.CreatedAt || n.Id == lastRaised)
            .OrderByDescending(n => n.UpdatedAt).ThenByDescending(n => n.Id == lastRaised).ThenByDescending(n => n.Id)
            .FirstOrDefaultAsync(cancellationToken);
    }

    private static async Task<WebhookEndpoint> FindTrackedAsync(SimulatorDbContext db, int id, CancellationToken cancellationToken) =>
        await db.WebhookEndpoints.FirstOrDefaultAsync(e => e.Id == id, cancellationToken)
            ?? throw new KeyNotFoundException($"Webhook endpoint {id} does not exist.");
}
