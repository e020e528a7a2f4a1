using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Simulator.Core;
using Simulator.Core.Domain;
using Simulator.Core.Persistence;
using Simulator.Core.SoapNotes;
using Simulator.Core.Webhooks;
using Simulator.Postgres;

namespace Simulator.Bench;

/// <summary>
/// Several instances on one PostgreSQL store (issue 27): for 1, 2, 3... instances (each the core in a
/// generic host with <c>AddSimulatorPostgres</c>, all in this process, on a fresh database), notes are
/// saved round-robin on the instances as fast as a few users can, each raising one delivery per healthy
/// endpoint; deliveries per second from the first save to the last success in the store, next to the
/// bare HttpClient loop posting the same bodies. Run: <c>-- scale-out --connection "Host=...;Username=..."
/// [--instances 1,2,3] [--events 300] [--endpoints 10]</c> (the database named in the connection string
/// is dropped and created for each run).
/// </summary>
public static class ScaleOutScenario
{
    public static async Task<int> RunAsync(string[] args)
    {
        var connection = Option(args, "--connection") ?? throw new ArgumentException("--connection \"Host=...;Database=...;Username=...\" is required");
        var instances = (Option(args, "--instances") ?? "1,2,3").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var events = int.Parse(Option(args, "--events") ?? "300", CultureInfo.InvariantCulture);
        var endpoints = int.Parse(Option(args, "--endpoints") ?? "10", CultureInfo.InvariantCulture);
        await using var receiver = await BenchReceiver.StartAsync();
        var table = new StringBuilder("| instances | deliveries | simulator | bare loop | share | CPU (of 2 cores) |\n|---:|---:|---:|---:|---:|---:|\n");
        Console.WriteLine($"scale-out on PostgreSQL: {events} notes x {endpoints} endpoints per run, load {MachineInfo.LoadAverage()}");
        foreach (var count in instances)
        {
            var (rate, bare, cpu, expected) = await RunOnceAsync(connection, count, events, endpoints, receiver);
            Console.WriteLine($"  {count} instance(s): {expected} deliveries, {rate:0} /s; bare loop {bare:0} /s; CPU {cpu:P0}");
            table.Append(CultureInfo.InvariantCulture, $"| {count} | {expected:N0} | {rate:N0} /s | {bare:N0} /s | {rate / bare:0.00} | {cpu:P0} |\n");
        }
        Console.WriteLine();
        Console.WriteLine(table);
        return 0;
    }

    private static async Task<(double Rate, double Bare, double Cpu, long Expected)> RunOnceAsync(string connection, int count, int events, int endpointCount, BenchReceiver receiver)
    {
        await RecreateDatabaseAsync(connection);
        var hosts = new List<IHost>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                hosts.Add(await StartAsync(connection));
            }
            var endpoints = hosts[0].Services.GetRequiredService<WebhookEndpointService>();
            var urls = Enumerable.Range(0, endpointCount).Select(k => receiver.Url($"/ok/{k}")).ToList();
            foreach (var url in urls)
            {
                var endpoint = await endpoints.CreateAsync(url, "bench", "bench@example.com", EventTypes.All);
                await endpoints.ActivateAsync(endpoint.Id);
            }
            var factory = hosts[0].Services.GetRequiredService<IDbContextFactory<SimulatorDbContext>>();
            var warmUp = Math.Clamp(events / 10, 10, 100);
            await CreateNotesAsync(hosts, warmUp);
            await StoreReport.WaitForSucceededAsync(factory, (long)warmUp * endpointCount, TimeSpan.FromMinutes(5));
            long lastWarmUpEvent;
            await using (var db = await factory.CreateDbContextAsync())
            {
                lastWarmUpEvent = await db.WebhookEvents.MaxAsync(e => e.Id);
            }

            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var started = Stopwatch.GetTimestamp();
            await CreateNotesAsync(hosts, events);
            var expected = (long)events * endpointCount;
            await StoreReport.WaitForSucceededAsync(factory, (long)(warmUp + events) * endpointCount, TimeSpan.FromMinutes(10));
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds / seconds / Environment.ProcessorCount;

            List<byte[]> bodies;
            await using (var db = await factory.CreateDbContextAsync())
            {
                bodies = (await db.WebhookEvents.AsNoTracking().Where(e => e.Id > lastWarmUpEvent).OrderBy(e => e.Id).Select(e => e.Payload).ToListAsync())
                    .Select(Encoding.UTF8.GetBytes).ToList();
            }
            await BareClient.RunAsync(bodies.Take(Math.Max(1, bodies.Count / 20)).ToList(), urls, 64);
            var bare = await BareClient.RunAsync(bodies, urls, 64);
            return (expected / seconds, bare, cpu, expected);
        }
        finally
        {
            foreach (var host in hosts)
            {
                using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await host.StopAsync(stop.Token);
                host.Dispose();
            }
        }
    }

    // a few users on each instance at once, as the throughput scenario saves them
    private static async Task CreateNotesAsync(List<IHost> hosts, int notes)
    {
        var next = -1;
        await Task.WhenAll(hosts.SelectMany(h => Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var service = h.Services.GetRequiredService<SoapNoteService>();
            while (Interlocked.Increment(ref next) < notes)
            {
                await service.CreateAsync(new SoapNoteInput(), SimulatorInstance.Author);
            }
        }))));
    }

    private static async Task<IHost> StartAsync(string connection)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Simulator:Storage:Provider"] = "Postgres",
            ["Simulator:Storage:ConnectionString"] = connection,
            ["Simulator:Account:Plan"] = nameof(Plan.Premium),
        });
        builder.Services.AddLogging(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning).AddFilter("Polly", LogLevel.None));
        builder.Services.AddSimulatorCore(builder.Configuration);
        builder.Services.AddSimulatorPostgres(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task RecreateDatabaseAsync(string connection)
    {
        var target = new NpgsqlConnectionStringBuilder(connection);
        var database = target.Database ?? throw new ArgumentException("The connection string names no database.");
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connection) { Database = "postgres" }.ConnectionString);
        await admin.OpenAsync();
        await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", admin))
        {
            await drop.ExecuteNonQueryAsync();
        }
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", admin);
        await create.ExecuteNonQueryAsync();
    }

    private static string? Option(string[] args, string name) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
