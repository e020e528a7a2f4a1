using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Simulator.Core.Accounts;
using Simulator.Core.Clock;
using Simulator.Core.Dispatching;
using Simulator.Core.FaultLab;
using Simulator.Core.Live;
using Simulator.Core.Notifications;
using Simulator.Core.Persistence;
using Simulator.Core.ReceiverChecks;
using Simulator.Core.Seeding;
using Simulator.Core.SoapNotes;
using Simulator.Core.Telemetry;
using Simulator.Core.Webhooks;

namespace Simulator.Core;

public static class SimulatorServiceCollectionExtensions
{
    /// <summary>The key under which the real time the simulation clock runs over is registered.</summary>
    public const string RealTimeKey = "real-time";

    /// <summary>Everything that is not UI: clock, store, dispatcher, e-mail, services.</summary>
    public static IServiceCollection AddSimulatorCore(this IServiceCollection services, IConfiguration configuration)
    {
        // the ranges live on the options; the validator is source generated from them
        services.AddOptions<SimulatorOptions>()
            .Bind(configuration.GetSection(SimulatorOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SimulatorOptions>, SimulatorOptionsValidator>();

        // Time: the simulation clock over real time; everything reads the simulation clock.
        services.TryAddKeyedSingleton(RealTimeKey, TimeProvider.System);
        services.AddSingleton(sp => new SimulationClock(
            sp.GetRequiredKeyedService<TimeProvider>(RealTimeKey),
            sp.GetRequiredService<IOptions<SimulatorOptions>>().Value.Clock.Speed));
        services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<SimulationClock>());
        services.AddSingleton<WorkTracker>();
        services.AddSingleton<SimulationControl>();

        services.AddSimulatorStore(configuration);

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
        // traces and metrics (exported only when the host adds OpenTelemetry); waiting deliveries are the due queue's size
        services.AddMetrics();
        services.AddSingleton(sp => new SimulatorTelemetry(
            sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), () => sp.GetRequiredService<DeliverySchedule>().WaitingAttempts));
        services.AddSingleton<BackoffSchedule>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<DeliveryConcurrency>();
        services.AddSingleton<DeliveryGuards>();
        services.AddSingleton<EmailOutbox>();
        services.AddSingleton<FaultLabHooks>();
        services.AddSingleton<DeliverySchedule>();
        // what memory holds follows from what each commit wrote, here and nowhere else
        services.AddSingleton<ICommitObserver, CommitEffects>();
        services.AddSingleton<DeliveryJournal>();
        services.AddSingleton<AttemptCompletion>();
        services.AddSingleton<AttemptRunner>();
        services.AddSingleton<DuePreparation>();
        services.AddSingleton<EndpointDisabling>();
        services.AddSingleton<DueWorkRunner>();
        services.AddSingleton<ManualDeliveries>();
        services.AddSingleton<OrphanedAttempts>();
        services.AddSingleton<InFlightSweep>();
        services.AddSingleton<DeliveryRecovery>();
        // one process alone on its store; Simulator.Postgres replaces these three when several share one
        services.AddSingleton<IDispatchTopology, SoleProcessTopology>();
        services.AddSingleton<IDueClaims, SoleDueClaims>();
        services.AddSingleton<IOutboxClaims, SoleOutboxClaims>();
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
        services.AddSingleton<DeliveryRecoverer>();
        services.AddSingleton(sp => new ReceiverCheckRunner(sp.GetRequiredService<WebhookSender>(), sp.GetRequiredService<TimeProvider>())
        {
            QuickAnswerLimit = sp.GetRequiredService<IOptions<SimulatorOptions>>().Value.ReceiverCheck.AnswerWithin,
            RealTime = sp.GetRequiredKeyedService<TimeProvider>(RealTimeKey),
            ConnectTimeout = sp.GetRequiredService<IOptions<SimulatorOptions>>().Value.Delivery.Timeout,
            Logger = sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<ReceiverCheckRunner>>(),
        });
        services.AddSingleton<ReceiverCheckStore>();
        return services;
    }

    private static void AddSimulatorStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(sp => new StoreLocation(sp.GetRequiredService<IOptions<SimulatorOptions>>().Value.Storage));
        services.AddSingleton<CommitWatch>();
        // the active endpoints and the catalogue kept between note saves only where this process is the store's one writer
        services.AddSingleton(new EndpointRoster(soleWriter: !IsPostgres(configuration)));
        services.AddSingleton<ICommitObserver>(sp => sp.GetRequiredService<EndpointRoster>());
        services.AddSingleton(new CatalogueKeeper(soleWriter: !IsPostgres(configuration)));
        services.AddSingleton<ICommitObserver>(sp => sp.GetRequiredService<CatalogueKeeper>());
        if (IsPostgres(configuration))
        {
            // a PostgreSQL store several processes share: its provider and migrations are Simulator.Postgres's (AddSimulatorPostgres)
            return;
        }
        services.AddSingleton<SqliteWriteGate>();
        services.AddPooledDbContextFactory<SimulatorDbContext>((sp, options) =>
        {
            var store = sp.GetRequiredService<StoreLocation>();
            // interceptors registered in the container (a host's own, or a test's) first; the commit watch before the
            // write gate: observers hear commits while the writer still holds the store, so in commit order
            options.UseSqlite(store.ConnectionString)
                .AddInterceptors(sp.GetServices<IInterceptor>())
                .AddInterceptors(new SqliteConnectionSetup(TimeSpan.FromSeconds(30), store.IsThrowaway), sp.GetRequiredService<CommitWatch>(), sp.GetRequiredService<SqliteWriteGate>());
        });
    }

    /// <summary>Whether the configuration names the PostgreSQL store (<c>Storage:Provider=Postgres</c>).</summary>
    public static bool IsPostgres(IConfiguration configuration) =>
        string.Equals(configuration?[$"{SimulatorOptions.SectionName}:Storage:Provider"], nameof(StorageProvider.Postgres), StringComparison.OrdinalIgnoreCase);
}
