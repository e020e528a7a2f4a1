namespace Simulator.Core.Dispatching;

/// <summary>A due attempt taken from the schedule with a slot of its endpoint.</summary>
internal sealed record DueAttempt(long DeliveryId, int EndpointId, DateTimeOffset Due, IDisposable Slot)
{
    public DueEntry Entry => new(DeliveryId, Due, EndpointId);
}
