using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Simulator.Core;
using Simulator.Core.Clock;

namespace Simulator.Postgres;

/// <summary>
/// Builds this process's <see cref="SimulationClock"/> where the shared one is: the clock never goes
/// back, so an instance joining a clock that was paused yesterday must start there, not at its own
/// real now. A new store (no clock row yet) starts from the settings, as a process alone does.
/// </summary>
internal static class SharedClockBoot
{
    public static SimulationClock Create(IServiceProvider services)
    {
        var realTime = services.GetRequiredKeyedService<TimeProvider>(SimulatorServiceCollectionExtensions.RealTimeKey);
        var speed = services.GetRequiredService<IOptions<SimulatorOptions>>().Value.Clock.Speed;
        SharedClockState? state = null;
        try
        {
            state = services.GetRequiredService<SharedClockStore>().TryRead();
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException)
        {
            services.GetRequiredService<ILogger<SharedClock>>().LogWarning(ex, "The shared clock could not be read yet; this instance starts from its settings and follows the store once it is up");
        }
        return state is null ? new SimulationClock(realTime, speed) : new SimulationClock(realTime, state.Speed, state.Now);
    }
}
