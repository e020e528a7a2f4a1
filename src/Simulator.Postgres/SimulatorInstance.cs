namespace Simulator.Postgres;

/// <summary>This process among those sharing the store: the owner written on every lease it takes.</summary>
public sealed class SimulatorInstance
{
    public Guid Id { get; } = Guid.NewGuid();

    /// <summary>For logs: the machine and process.</summary>
    public string Name { get; } = $"{Environment.MachineName}:{Environment.ProcessId}";
}
