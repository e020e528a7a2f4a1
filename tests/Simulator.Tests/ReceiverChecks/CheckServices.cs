using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Simulator.Core;
using Simulator.Core.ReceiverChecks;

namespace Simulator.Tests.ReceiverChecks;

/// <summary>The check's runner as the command line builds it: the core's services over the real clock, no web server.</summary>
internal static class CheckServices
{
    public static ServiceProvider Create() =>
        new ServiceCollection()
            .AddSimulatorCore(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Simulator:Clock:Speed"] = "1" })
                .Build())
            .BuildServiceProvider();

    public static Task<ReceiverCheckReport> CheckAsync(this ServiceProvider services, string url) =>
        services.GetRequiredService<ReceiverCheckRunner>().RunAsync(url);
}
