namespace Simulator.Core.Dispatching;

/// <summary>
/// Which next attempts the <see cref="DeliverySchedule"/> keeps in memory. One process alone keeps
/// every one (no window); processes sharing a store keep a bounded window of what falls due soon
/// and learn of the rest from the store when it comes near (Simulator.Postgres).
/// </summary>
public interface IDueWindow
{
    /// <summary>Whether an attempt due at <paramref name="due"/> is kept, with <paramref name="waiting"/> kept already.</summary>
    bool Admits(DateTimeOffset due, int waiting);
}
