using Simulator.Core.Domain;

namespace Simulator.Core.Webhooks;

/// <summary>Which deliveries to list, newest first: at most <see cref="Limit"/> (1..1000), only ids below <see cref="BeforeId"/> when given.</summary>
public sealed record DeliveryFilter(int? EndpointId = null, long? EventId = null, DeliveryStatus? Status = null, int Limit = 100, long? BeforeId = null);
