using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Simulator.Core;
using Simulator.Core.Domain;
using Simulator.Core.Live;
using Simulator.Core.SoapNotes;
using Simulator.Core.Webhooks;

namespace Simulator.Bench;

/// <summary>
/// The simulator's core in a generic host, as the web app runs it (<c>AddSimulatorCore</c>, the
/// system clock, a fresh store), on a Premium account so that endpoints can be activated.
/// </summary>
public sealed class SimulatorInstance : IAsyncDisposable
{
    public const string Author = "Olivia Owner";

    private readonly IHost _host;
    private readonly string? _sqlitePath;
    private readonly bool _deleteStore;

    private SimulatorInstance(IHost host, string? sqlitePath, bool deleteStore)
    {
        _host = host;
        _sqlitePath = sqlitePath;
        _deleteStore = deleteStore;
        Changes = new DeliveryChanges(Get<LiveUpdates>());
        Notes = Get<SoapNoteService>();
    }

    public StorageProvider Store { get; private init; }

    public DeliveryChanges Changes { get; }

    public SoapNoteService Notes { get; }

    public IServiceProvider Services => _host.Services;

    /// <summary>
    /// Starts the core on a fresh store, or with <paramref name="sqliteFile"/> on that SQLite file as it
    /// is (the file is then the caller's: it is kept at dispose).
    /// </summary>
    public static async Task<SimulatorInstance> StartAsync(StorageProvider store, IReadOnlyDictionary<string, string>? settings = null, string? sqliteFile = null)
    {
        var sqlitePath = store == StorageProvider.Sqlite
            ? sqliteFile ?? NewSqlitePath()
            : null;
        var configuration = new Dictionary<string, string?>
        {
            ["Simulator:Storage:Provider"] = store.ToString(),
            ["Simulator:Account:Plan"] = nameof(Plan.Premium),
        };
        if (sqlitePath is not null)
        {
            configuration["Simulator:Storage:SqlitePath"] = sqlitePath;
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            configuration[key] = value;
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddLogging(logging => logging
            .AddSimpleConsole(o => o.SingleLine = true)
            .SetMinimumLevel(Environment.GetEnvironmentVariable("BENCH_DEBUG") is null ? LogLevel.Warning : LogLevel.Information)
            // the resilience events (timeouts of the hanging endpoint) are expected: the results count them
            .AddFilter("Polly", LogLevel.None)
            // failing endpoints and failed deliveries are what the retry scenarios make: only errors are news
            .AddFilter("Simulator", Environment.GetEnvironmentVariable("BENCH_DEBUG") is null ? LogLevel.Error : LogLevel.Information));
        builder.Services.AddSimulatorCore(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        return new SimulatorInstance(host, sqlitePath, deleteStore: sqliteFile is null) { Store = store };
    }

    public static string NewSqlitePath() => Path.Combine(Path.GetTempPath(), $"simulator-bench-{Guid.NewGuid():N}.db");

    /// <summary>Deletes a SQLite store file with its WAL and shared-memory files.</summary>
    public static void DeleteSqliteFiles(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }

    public T Get<T>()
        where T : notnull => _host.Services.GetRequiredService<T>();

    /// <summary>Registers and activates one endpoint per URL, subscribed to every event type.</summary>
    public async Task<List<int>> AddEndpointsAsync(IEnumerable<string> urls)
    {
        var endpoints = Get<WebhookEndpointService>();
        var ids = new List<int>();
        foreach (var url in urls)
        {
            var endpoint = await endpoints.CreateAsync(url, "bench receiver " + ids.Count.ToString(CultureInfo.InvariantCulture), "bench@example.com", EventTypes.All);
            await endpoints.ActivateAsync(endpoint.Id);
            ids.Add(endpoint.Id);
        }
        return ids;
    }

    /// <summary>Saves a new SOAP note through the full path (any field generated): it raises <c>soap_note.created</c>.</summary>
    public Task<(SoapNote Note, RaisedEvent Event)> CreateNoteAsync() => Notes.CreateAsync(new SoapNoteInput(), Author);

    public async ValueTask DisposeAsync()
    {
        Changes.Dispose();
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            await _host.StopAsync(stop.Token);
        }
        _host.Dispose();
        if (_sqlitePath is not null)
        {
            if (_deleteStore)
            {
                DeleteSqliteFiles(_sqlitePath);
            }
            else
            {
                SqliteConnection.ClearAllPools();
            }
        }
    }
}
