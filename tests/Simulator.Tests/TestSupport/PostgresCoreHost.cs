using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Simulator.Core;
using Simulator.Core.Domain;
using Simulator.Postgres;

namespace Simulator.Tests.TestSupport;

/// <summary>One instance of the simulator's core (no web host) on a PostgreSQL store, started, in this process: start two for two instances.</summary>
internal static class PostgresCoreHost
{
    public static async Task<IHost> StartAsync(string connectionString)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Simulator:Storage:Provider"] = "Postgres",
            ["Simulator:Storage:ConnectionString"] = connectionString,
            ["Simulator:Account:Plan"] = nameof(Plan.Premium),
        });
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.Services.AddSimulatorCore(builder.Configuration);
        builder.Services.AddSimulatorPostgres(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
