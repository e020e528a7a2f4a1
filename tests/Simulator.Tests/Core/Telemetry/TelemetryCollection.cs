namespace Simulator.Tests.Core.Telemetry;

/// <summary>
/// Telemetry tests run alone: a meter provider listens to every meter of the simulator's name in the
/// process, so another test's attempts at the same moment would be counted too.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry";
}
