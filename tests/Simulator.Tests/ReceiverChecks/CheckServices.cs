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

    public static ServiceProvider Create() => Build(GenerousLimit);

    public static ServiceProvider WithRealTimeLimit() => Build(null);

    private static ServiceProvider Build(TimeSpan? answerWithin)
    {
        var settings = new Dictionary<string, string?> { ["Simulator:Clock:Speed"] = "1" };
        if (answerWithin is { } within)
        {
            settings["Simulator:ReceiverCheck:AnswerWithin"] = within.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        }
        return new ServiceCollection()
            .AddSimulatorCore(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
    }

    public static Task<ReceiverCheckReport> CheckAsync(this ServiceProvider services, string url) =>
        services.GetRequiredService<ReceiverCheckRunner>().RunAsync(url);
}
