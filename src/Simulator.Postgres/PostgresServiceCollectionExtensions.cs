using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Simulator.Core;
using Simulator.Core.Clock;
using Simulator.Core.Dispatching;
using Simulator.Core.Notifications;
using Simulator.Core.Persistence;

namespace Simulator.Postgres;

public static class PostgresServiceCollectionExtensions
{
    /// <summary>
    /// With <c>Storage:Provider=Postgres</c>: the PostgreSQL store (<c>Storage:ConnectionString</c>) and the
    /// strategies that let several instances share it, in place of the single process's. Call after
    /// <see cref="SimulatorServiceCollectionExtensions.AddSimulatorCore"/>; any other provider: nothing changes.
    /// </summary>
    public static IServiceCollection AddSimulatorPostgres(this IServiceCollection services, IConfiguration configuration)
    {
        if (!SimulatorServiceCollectionExtensions.IsPostgres(configuration))
        {
            return services;
        }
        services.AddSingleton<SimulatorInstance>();
        services.AddSingleton(sp => new NpgsqlDataSourceBuilder(ConnectionString(sp)).Build());
        services.AddPooledDbContextFactory<SimulatorDbContext>((sp, options) =>
            options.UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>(), PostgresStore.Configure)
                // interceptors registered in the container (a host's own, or a test's) first, then the commit watch;
                // no write gate: PostgreSQL takes concurrent writers, and rows are claimed, not queued
                .AddInterceptors(sp.GetServices<IInterceptor>())
                .AddInterceptors(sp.GetRequiredService<CommitWatch>()));
        services.AddSingleton<IStoreStartLock, PostgresStartLock>();

        // the one clock: this process's clock starts where the store's is, and follows it
        services.AddSingleton<SharedClockStore>();
        services.Replace(ServiceDescriptor.Singleton(sp => SharedClockBoot.Create(sp)));
        services.AddSingleton<SharedClock>();
        services.AddSingleton<ISharedAdvance, SharedAdvance>();

        // shared due work: claims and leases, a bounded window, the others' notifications
        services.AddSingleton<DueWindow>();
        services.AddSingleton<IDueWindow>(sp => sp.GetRequiredService<DueWindow>());
        services.AddSingleton<DueWindowPoller>();
        services.Replace(ServiceDescriptor.Singleton<IDueClaims, PostgresDueClaims>());
        services.Replace(ServiceDescriptor.Singleton<IOutboxClaims, PostgresOutboxClaims>());
        services.Replace(ServiceDescriptor.Singleton<IDispatchTopology, PostgresTopology>());
        services.AddSingleton<LeaseRenewal>();
        services.AddSingleton<OutboxFloor>();
        services.AddSingleton<OrphanSweep>();
        services.AddSingleton<LiveRelay>();
        services.AddSingleton<ICommitObserver>(sp => sp.GetRequiredService<LiveRelay>());
        services.AddSingleton<StoreNotifications>();
        return services;
    }

    private static string ConnectionString(IServiceProvider services)
    {
        var connectionString = services.GetRequiredService<IOptions<SimulatorOptions>>().Value.Storage.ConnectionString;
        return string.IsNullOrWhiteSpace(connectionString)
            ? throw new InvalidOperationException("Simulator:Storage:Provider is Postgres and Simulator:Storage:ConnectionString is empty: give the connection string of the PostgreSQL database the instances share (Host=...;Database=...;Username=...;Password=...).")
            : connectionString;
    }
}
