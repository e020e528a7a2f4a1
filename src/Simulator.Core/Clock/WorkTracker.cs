namespace Simulator.Core.Clock;

/// <summary>
/// Counts the simulator's work that is running rather than waiting for simulated time, so that
/// an advance of the clock can return only after the work that fell due has run.
/// </summary>
public sealed class WorkTracker
{
    private readonly Lock _gate = new();
    private int _busy;
    private TaskCompletionSource _idle = NewCompleted();

    public int Busy
    {
        get
        {
            lock (_gate)
            {
                return _busy;
            }
        }
    }

    public void Enter()
    {
        lock (_gate)
        {
            if (_busy++ == 0)
            {
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public void Exit()
    {
        TaskCompletionSource? done = null;
        lock (_gate)
        {
            if (_busy == 0)
            {
                throw new InvalidOperationException("WorkTracker.Exit without Enter.");
            }
            if (--_busy == 0)
            {
                done = _idle;
            }
        }
        done?.TrySetResult();
    }

    /// <summary>Completes when no tracked work is running.</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return _idle.Task.WaitAsync(cancellationToken);
        }
    }

    private static TaskCompletionSource NewCompleted()
    {
        var source = new TaskCompletionSource();
        source.SetResult();
        return source;
    }
}
