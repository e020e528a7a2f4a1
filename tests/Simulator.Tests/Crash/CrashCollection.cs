namespace Simulator.Tests.Crash;

/// <summary>
/// Crash tests run alone, after the others: they start and kill a real simulator process twenty
/// times, and on two cores the other tests' load would only blur where the kills land.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CrashCollection
{
    public const string Name = "Crash";
}
