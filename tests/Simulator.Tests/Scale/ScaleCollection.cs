namespace Simulator.Tests.Scale;

/// <summary>
/// The tests of several instances on one PostgreSQL store: a collection of their own, so that they
/// run beside the other collections (they mostly wait for their processes and the receiver).
/// </summary>
[CollectionDefinition(Name)]
public sealed class ScaleCollection
{
    public const string Name = "Scale";
}
