namespace Simulator.Core.Webhooks;

/// <summary>An event a save raised, and where it went.</summary>
public sealed record RaisedEvent(long EventId, string Type, IReadOnlyList<RaisedDelivery> Deliveries);

public sealed record RaisedDelivery(long DeliveryId, int EndpointId, string Url);
