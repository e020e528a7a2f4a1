namespace Simulator.Core.Domain;

public enum Plan
{
    Standard,
    Premium,
}
