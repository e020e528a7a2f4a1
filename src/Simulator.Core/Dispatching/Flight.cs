using Simulator.Core.Domain;

namespace Simulator.Core.Dispatching;

/// <summary>
/// One attempt on its way, from its start to its outcome: the delivery row as read (no attempts),
/// where it goes, the endpoint's fault lab, the body while it is needed, and what it holds (its
/// endpoint's slot and its delivery's guard), both given back by one dispose, once.
/// </summary>
internal sealed class Flight(Delivery delivery, string url, FaultSettings faults, IDisposable? slot, IDisposable? guard) : IDisposable
{
    private IDisposable? _slot = slot;
    private IDisposable? _guard = guard;

    public Delivery Delivery { get; set; } = delivery;

    public string Url { get; } = url;

    /// <summary>The endpoint's fault lab, as read for this attempt.</summary>
    public FaultSettings Faults { get; } = faults;

    /// <summary>The fault lab drew a concurrent copy: its first attempt starts with this one.</summary>
    public bool CopyWanted { get; init; }

    /// <summary>When the schedule had it due; null for an attempt by hand.</summary>
    public DateTimeOffset? Due { get; init; }

    public int EndpointId => Delivery.EndpointId;

    public string? Payload { get; set; }

    public DeliveryAttempt? Attempt { get; set; }

    /// <summary>Gives the slot back as soon as the receiver has answered, before the outcome is written.</summary>
    public void ReleaseSlot() => Interlocked.Exchange(ref _slot, null)?.Dispose();

    public void Dispose()
    {
        ReleaseSlot();
        Interlocked.Exchange(ref _guard, null)?.Dispose();
    }
}
