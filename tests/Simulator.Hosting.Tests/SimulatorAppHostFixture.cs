using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace Simulator.Hosting.Tests;

/// <summary>
/// The example app host (examples/aspire/SimulatorAppHost) run by Aspire's orchestrator: the example receiver and
/// the simulator as processes, no container engine. Started once for the class, until both resources are healthy.
/// </summary>
public sealed class SimulatorAppHostFixture : IAsyncLifetime
{
    /// <summary>A guard against a hang, not a speed requirement: two projects start on a busy two-core machine.</summary>
    private static readonly TimeSpan StartGuard = TimeSpan.FromMinutes(4);

    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The app host has not started.");

    public async Task InitializeAsync()
    {
        using var guard = new CancellationTokenSource(StartGuard);
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.SimulatorAppHost>(guard.Token);
        _app = await appHost.BuildAsync(guard.Token);
        await _app.StartAsync(guard.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("insim", guard.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("receiver", guard.Token);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
