using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Simulator.Core.Clock;

namespace Simulator.Core.Dispatching;

/// <summary>The Polly pipelines of delivery, registered by key.</summary>
public static class DeliveryPipelines
{
    public const string RetryKey = "webhook-delivery";

    internal static readonly ResiliencePropertyKey<DeliveryJob> JobKey = new("simulator.delivery-job");

    public static IServiceCollection AddDeliveryPipelines(this IServiceCollection services)
    {
        // One attempt: bounded by the real-time limit (Simulator:Delivery:Timeout).
        services.AddResiliencePipeline(WebhookSender.AttemptPipelineKey, (builder, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<SimulatorOptions>>().Value;
            builder.TimeProvider = context.ServiceProvider.GetRequiredService<SimulationClock>().RealTime;
            builder.AddTimeout(options.Delivery.Timeout);
        });

        // The retries: waits happen on the simulation clock; the schedule gives the delays and
        // the retry window; every decision is persisted before the wait begins.
        services.AddResiliencePipeline<string, AttemptResult>(RetryKey, (builder, context) =>
        {
            var time = context.ServiceProvider.GetRequiredService<TrackedTimeProvider>();
            var schedule = context.ServiceProvider.GetRequiredService<BackoffSchedule>();
            var options = context.ServiceProvider.GetRequiredService<IOptions<SimulatorOptions>>().Value;
            var dispatcher = context.ServiceProvider.GetRequiredService<DeliveryDispatcher>();
            builder.TimeProvider = time;
            builder.AddRetry(new RetryStrategyOptions<AttemptResult>
            {
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                Delay = options.Delivery.BaseDelay,
                // No MaxDelay: the schedule caps the wait before its jitter, so a jittered wait may exceed
                // the cap, and Polly would cut it short: the retry would come before its persisted time.
                ShouldHandle = args =>
                {
                    if (args.Outcome.Exception is OperationCanceledException)
                    {
                        return ValueTask.FromResult(false);
                    }
                    var job = args.Context.Properties.GetValue(JobKey, null!);
                    var retry = args.Outcome.Exception is not null
                        ? job.FirstAttemptAt is not { } first || time.GetUtcNow() - first < schedule.RetryWindow
                        : args.Outcome.Result?.Kind == AttemptResultKind.Failed && NextAttemptAt(schedule, job) is not null;
                    return ValueTask.FromResult(retry);
                },
                // The next attempt is persisted first; then the wait runs from that moment to the attempt's
                // time, so the time the write took is not added to the wait (at 3600× a real millisecond is
                // 3.6 simulated seconds).
                DelayGenerator = async args =>
                {
                    var job = args.Context.Properties.GetValue(JobKey, null!);
                    var next = NextAttemptAt(schedule, job) is { } scheduled && args.Outcome.Exception is null
                        ? scheduled
                        : time.GetUtcNow() + options.Delivery.BaseDelay;
                    await dispatcher.ScheduleNextAttemptAsync(job, next);
                    return Max(next - time.GetUtcNow(), TimeSpan.Zero);
                },
            });
        });
        return services;
    }

    internal static DateTimeOffset? NextAttemptAt(BackoffSchedule schedule, DeliveryJob job) =>
        job is { FirstAttemptAt: { } first, LastAttemptAt: { } last, AttemptCount: > 0 }
            ? schedule.NextAttemptAt(job.DeliveryId, job.AttemptCount, first, last)
            : null;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
