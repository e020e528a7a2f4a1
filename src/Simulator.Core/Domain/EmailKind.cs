namespace Simulator.Core.Domain;

public enum EmailKind
{
    EndpointFailing,
    EndpointDisabled,
}
