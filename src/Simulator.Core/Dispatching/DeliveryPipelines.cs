using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly;
using Simulator.Core.Clock;

namespace Simulator.Core.Dispatching;

/// <summary>
/// The Polly pipeline of one attempt, registered by key: the real-time limit. (The retry schedule is
/// data, <see cref="BackoffSchedule"/>: a retry waits in the store, not in memory.)
/// </summary>
public static class DeliveryPipelines
{
    public static IServiceCollection AddDeliveryPipelines(this IServiceCollection services)
    {
        // One attempt: bounded by the real-time limit (Simulator:Delivery:Timeout).
        services.AddResiliencePipeline(WebhookSender.AttemptPipelineKey, (builder, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<SimulatorOptions>>().Value;
            builder.TimeProvider = context.ServiceProvider.GetRequiredService<SimulationClock>().RealTime;
            builder.AddTimeout(options.Delivery.Timeout);
        });

        return services;
    }
}
