using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Simulator.Core;
using Simulator.Core.ReceiverChecks;

namespace Simulator.Tests.ReceiverChecks;

/// <summary>The check's runner as the command line builds it: the core's services over the real clock, no web server.</summary>
internal static class CheckServices
{
    /// <summary>
    /// For tests about something else than speed: <c>answers_quickly</c> allows 30 s, so a loaded machine
    /// cannot fail them. The test of <c>answers_quickly</c> itself uses the contract's 2 s (<see cref="WithRealTimeLimit"/>).
    /// </summary>
    public static readonly TimeSpan GenerousLimit = TimeSpan.FromSeconds(30);

    /// <param name="services">More registrations, e.g. a handler on the webhook client.</param>
    public static ServiceProvider Create(Action<IServiceCollection>? services = null) => Build(GenerousLimit, services);

    public static ServiceProvider WithRealTimeLimit() => Build(null, null);

    private static ServiceProvider Build(TimeSpan? answerWithin, Action<IServiceCollection>? more)
    {
        var settings = new Dictionary<string, string?> { ["Simulator:Clock:Speed"] = "1" };
        if (answerWithin is { } within)
        {
            settings["Simulator:ReceiverCheck:AnswerWithin"] = within.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        }
        var services = new ServiceCollection()
            .AddLogging()
            .AddSimulatorCore(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        more?.Invoke(services);
        return services.BuildServiceProvider();
    }

    public static Task<ReceiverCheckReport> CheckAsync(this ServiceProvider services, string url) =>
        services.GetRequiredService<ReceiverCheckRunner>().RunAsync(url);
}
