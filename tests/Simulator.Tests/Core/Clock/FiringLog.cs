using System.Collections.Concurrent;

namespace Simulator.Tests.Core.Clock;

/// <summary>Records which timer fired and what the clock read at that moment.</summary>
internal sealed class FiringLog(TimeProvider clock)
{
    private readonly ConcurrentQueue<(string Name, DateTimeOffset At)> _entries = new();

    public IReadOnlyList<(string Name, DateTimeOffset At)> Entries => [.. _entries];

    public IReadOnlyList<string> Names => [.. _entries.Select(e => e.Name)];

    public void Record(object? name) => _entries.Enqueue(((string)name!, clock.GetUtcNow()));
}
