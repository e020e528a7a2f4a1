using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Simulator.Core;

namespace Simulator.Tests.TestSupport;

/// <summary>
/// The simulator over the fake real time, watched: <see cref="RealTimers"/> tells which real-time
/// waits are pending (the e-mail sender's retry interval, an attempt's timeout), so a test advances
/// <see cref="SimulatorAppFactory.RealTime"/> only once the wait it means to end has begun.
/// </summary>
public sealed class WatchedRealTimeAppFactory : SimulatorAppFactory
{
    public WatchedRealTimeAppFactory() => RealTimers = new WatchedTimeProvider(RealTime);

    public WatchedTimeProvider RealTimers { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
            services.AddKeyedSingleton<TimeProvider>(SimulatorServiceCollectionExtensions.RealTimeKey, RealTimers));
    }
}
