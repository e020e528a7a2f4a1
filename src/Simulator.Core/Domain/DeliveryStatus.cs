namespace Simulator.Core.Domain;

public enum DeliveryStatus
{
    Pending,
    Succeeded,
    Failed,
    Cancelled,
}
