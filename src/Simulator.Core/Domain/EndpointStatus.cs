namespace Simulator.Core.Domain;

public enum EndpointStatus
{
    Inactive,
    Active,
    Disabled,
}
