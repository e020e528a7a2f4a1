using System.Collections.Concurrent;

namespace ReceiverAspNet;

/// <summary>A SOAP note as the receiver keeps it: the newest version it has seen.</summary>
public sealed record KeptNote(long Id, DateTimeOffset UpdatedAt, string LastEventType, string Json, int Received);

/// <summary>
/// The receiver's store, idempotent and order-independent: one entry per SOAP note id, replaced only by a
/// newer <c>updated_at</c>. The same event twice, or at once on two connections, or an old event after a
/// newer one, leaves the newest version in place. (A real receiver does the same with an upsert.)
/// </summary>
public sealed class SoapNoteStore
{
    private readonly ConcurrentDictionary<long, KeptNote> _notes = new();

    public int Count => _notes.Count;

    public void Keep(long id, DateTimeOffset updatedAt, string eventType, string json) =>
        _notes.AddOrUpdate(
            id,
            _ => new KeptNote(id, updatedAt, eventType, json, 1),
            (_, kept) => updatedAt > kept.UpdatedAt
                ? new KeptNote(id, updatedAt, eventType, json, kept.Received + 1)
                : kept with { Received = kept.Received + 1 });

    public KeptNote? Find(long id) => _notes.TryGetValue(id, out var note) ? note : null;
}
