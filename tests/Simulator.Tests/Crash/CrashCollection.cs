namespace Simulator.Tests.Crash;

/// <summary>
/// Crash tests start and kill a real simulator process twenty times. They run beside the other tests, and
/// first (<see cref="TestSupport.LongestFirstCollectionOrderer"/>): most of their time is spent waiting for
/// the child process to start or for a random kill moment, time the other tests use. The kill moments are
/// random either way; on a busy machine the app starts more slowly, and the test prints how many kills
/// landed while a request was in flight.
/// </summary>
[CollectionDefinition(Name)]
public sealed class CrashCollection
{
    public const string Name = "Crash";
}
