namespace Simulator.Core.Clock;

/// <summary>Moves simulated time and waits for the work it makes due (of every process, when they share the clock: <see cref="ISharedAdvance"/>).</summary>
public sealed class SimulationControl(SimulationClock clock, WorkTracker tracker, ISharedAdvance? shared = null)
{
    public SimulationClock Clock => clock;

    /// <summary>
    /// Jumps ahead by <paramref name="delta"/>: fires each timer due on the way in order and lets
    /// the work it starts (attempts, new retries) finish before moving on, so that retries
    /// scheduled inside the jump also run.
    /// </summary>
    public async Task AdvanceAsync(TimeSpan delta, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        var target = clock.GetUtcNow() + delta;
        await AdvanceToAsync(target, cancellationToken);
    }

    public async Task AdvanceToAsync(DateTimeOffset target, CancellationToken cancellationToken = default)
    {
        if (shared is not null)
        {
            await shared.AdvanceToAsync(target, cancellationToken);
            return;
        }
        while (true)
        {
            await tracker.WhenIdleAsync(cancellationToken);
            var next = clock.NextTimerDueAt;
            if (next is null || next > target)
            {
                clock.AdvanceTo(target);
                await tracker.WhenIdleAsync(cancellationToken);
                if (clock.NextTimerDueAt is { } late && late <= target)
                {
                    continue;
                }
                return;
            }
            clock.AdvanceTo(next.Value);
        }
    }

    /// <summary>Waits until no tracked work is running.</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken = default) => tracker.WhenIdleAsync(cancellationToken);
}
