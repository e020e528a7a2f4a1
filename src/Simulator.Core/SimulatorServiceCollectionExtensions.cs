using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Simulator.Core.Accounts;
using Simulator.Core.Clock;
using Simulator.Core.Dispatching;
using Simulator.Core.Live;
using Simulator.Core.Notifications;
using Simulator.Core.Persistence;
using Simulator.Core.ReceiverChecks;
using Simulator.Core.Seeding;
using Simulator.Core.SoapNotes;
using Simulator.Core.Webhooks;

namespace Simulator.Core;

public static class SimulatorServiceCollectionExtensions
{
    /// <summary>The key under which the real time the simulation clock runs over is registered.</summary>
    public const string RealTimeKey = "real-time";

    /// <summary>Everything that is not UI: clock, store, dispatcher, e-mail, services.</summary>
    public static IServiceCollection AddSimulatorCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SimulatorOptions>()
            .Bind(configuration.GetSection(SimulatorOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.Delivery.Timeout > TimeSpan.Zero, "Simulator:Delivery:Timeout must be positive.")
            .Validate(o => o.Delivery.RetryWindow > TimeSpan.Zero, "Simulator:Delivery:RetryWindow must be positive.")
            .Validate(o => o.Delivery.BaseDelay > TimeSpan.Zero && o.Delivery.MaxDelay >= o.Delivery.BaseDelay, "Simulator:Delivery:BaseDelay must be positive and at most MaxDelay.")
            .Validate(o => o.Endpoints.DisableAfter >= TimeSpan.Zero, "Simulator:Endpoints:DisableAfter must not be negative.")
            .Validate(o => o.Smtp.RetryInterval > TimeSpan.Zero, "Simulator:Smtp:RetryInterval must be positive.")
            .Validate(o => o.ReceiverCheck.AnswerWithin > TimeSpan.Zero, "Simulator:ReceiverCheck:AnswerWithin must be positive.")
            .Validate(o => SimulationClock.IsValidSpeed(o.Clock.Speed), $"Simulator:Clock:Speed must be 0 (paused) or from {SimulationClock.MinSpeed} to {SimulationClock.MaxSpeed:0}.")
            .Validate(o => o.Delivery.BackoffFactor is >= 1 and <= 100, "Simulator:Delivery:BackoffFactor must be from 1 to 100.")
            .Validate(o => o.Delivery.Jitter is >= 0 and <= 0.5, "Simulator:Delivery:Jitter must be from 0 to 0.5.")
            .Validate(o => o.Delivery.MaxConcurrency is >= 1 and <= 10_000, "Simulator:Delivery:MaxConcurrency must be from 1 to 10000.")
            .Validate(o => o.Delivery.MaxConcurrencyPerEndpoint is >= 1 and <= 1_000, "Simulator:Delivery:MaxConcurrencyPerEndpoint must be from 1 to 1000.")
            .Validate(o => o.Delivery.MaxResponseBytesRead is >= 0 and <= 16 * 1024 * 1024, "Simulator:Delivery:MaxResponseBytesRead must be from 0 to 16 MiB.")
            .Validate(o => o.Smtp.Port is >= 1 and <= 65535, "Simulator:Smtp:Port must be from 1 to 65535.")
            .ValidateOnStart();

        // Time: the simulation clock over real time; everything reads the simulation clock.
        services.TryAddKeyedSingleton(RealTimeKey, TimeProvider.System);
        services.AddSingleton(sp => new SimulationClock(
            sp.GetRequiredKeyedService<TimeProvider>(RealTimeKey),
            sp.GetRequiredService<IOptions<SimulatorOptions>>().Value.Clock.Speed));
        services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<SimulationClock>());
        services.AddSingleton<WorkTracker>();
        services.AddSingleton<SimulationControl>();

        services.AddSimulatorStore();

        services.AddHttpClient(WebhookSender.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                UseProxy = false,
                AutomaticDecompression = System.Net.DecompressionMethods.None,
                ConnectTimeout = sp.GetRequiredService<IOptions<SimulatorOptions>>().Value.Delivery.Timeout,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                // receivers must not come to rely on headers the real service does not send
                ActivityHeadersPropagator = DistributedContextPropagator.CreateNoOutputPropagator(),
            });
        services.AddDeliveryPipelines();

        services.AddSingleton<LiveUpdates>();
        services.AddSingleton<BackoffSchedule>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<DeliveryConcurrency>();
        services.AddSingleton<EmailOutbox>();
        services.AddSingleton<DeliverySchedule>();
        services.AddSingleton<DeliveryJournal>();
        services.AddSingleton<AttemptCompletion>();
        services.AddSingleton<DeliveryRecovery>();
        services.AddSingleton<DeliveryDispatcher>();
        services.AddSingleton<EmailSender>();

        // Start order: store, then recovery and the schedule (pending deliveries, disablings), then e-mail.
        services.AddHostedService<DatabaseInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<DeliveryDispatcher>());
        services.AddHostedService(sp => sp.GetRequiredService<EmailSender>());

        services.AddSingleton<AccountService>();
        services.AddSingleton<SoapNoteService>();
        services.AddSingleton<WebhookEndpointService>();
        services.AddSingleton<WebhookActivity>();
        services.AddSingleton(sp => new ReceiverCheckRunner(sp.GetRequiredService<WebhookSender>(), sp.GetRequiredService<TimeProvider>())
        {
            QuickAnswerLimit = sp.GetRequiredService<IOptions<SimulatorOptions>>().Value.ReceiverCheck.AnswerWithin,
        });
        services.AddSingleton<ReceiverCheckStore>();
        return services;
    }

    private static void AddSimulatorStore(this IServiceCollection services)
    {
        services.AddSingleton<InMemoryDatabaseRoot>();
        services.AddSingleton<SqliteWriteGate>();
        services.AddPooledDbContextFactory<SimulatorDbContext>((sp, options) =>
        {
            var storage = sp.GetRequiredService<IOptions<SimulatorOptions>>().Value.Storage;
            if (storage.Provider == StorageProvider.Sqlite)
            {
                var path = Path.GetFullPath(storage.SqlitePath);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                options.UseSqlite($"Data Source={path};Pooling=True")
                    .AddInterceptors(new SqliteConnectionSetup(TimeSpan.FromSeconds(30)), sp.GetRequiredService<SqliteWriteGate>());
            }
            else
            {
                options.UseInMemoryDatabase("simulator", sp.GetRequiredService<InMemoryDatabaseRoot>())
                    .ConfigureWarnings(w => w.Ignore(InMemoryEventId.TransactionIgnoredWarning));
            }
        });
    }
}
