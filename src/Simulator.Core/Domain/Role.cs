namespace Simulator.Core.Domain;

public enum Role
{
    Owner,
    Practitioner,
}
