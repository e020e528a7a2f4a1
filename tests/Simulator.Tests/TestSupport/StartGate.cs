using Microsoft.Extensions.Hosting;

namespace Simulator.Tests.TestSupport;

/// <summary>
/// The host lifetime of a simulator under test: its start waits until <see cref="Open"/>. The first thing
/// <c>Host.StartAsync</c> does is wait for the lifetime, so nothing of the start (options validation, the
/// store's migration, the hosted services) runs before the gate opens. It takes the place of the console
/// lifetime, whose Ctrl+C and SIGTERM handling mean nothing inside a test run.
/// </summary>
public sealed class StartGate : IHostLifetime
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open() => _open.TrySetResult();

    public Task WaitForStartAsync(CancellationToken cancellationToken) => _open.Task.WaitAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
