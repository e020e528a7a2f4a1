using Simulator.Core.Domain;

namespace Simulator.Core.Webhooks;

public sealed record DeliveryFilter(int? EndpointId = null, long? EventId = null, DeliveryStatus? Status = null, int Limit = 200);
