using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Simulator.Core;

namespace Simulator.Cli;

/// <summary>
/// <c>insim serve [--urls URL] [--in-memory]</c>: the whole simulator (UI, API, demo receiver) from the installed tool.
/// What it adds to a plain start of the web app: the tool's own folder as content root (its settings and UI files
/// wherever it is run from), a SQLite file in the user's data folder unless the environment names another store,
/// and a first screen that says where everything is.
/// </summary>
public static class ServeCommand
{
    public const string Name = "serve";
    private const string Section = SimulatorOptions.SectionName;

    public static readonly string Help = $"""

        Examples:
          insim serve                                   # http://localhost:5000, data kept in {DefaultDataFile()}
          insim serve --in-memory                       # a throwaway run: nothing is kept
          insim serve --urls http://127.0.0.1:5099

        Settings: the environment, as for the container (Simulator__Clock__Speed=3600, Simulator__Storage__SqlitePath=...,
        Simulator__Smtp__Host=...; see the README's configuration table).

        Exit codes:
          0  stopped (Ctrl+C)
          2  bad usage, or the simulator could not start (the address is taken, a setting is refused)

        """;

    public static Command Create(TextWriter output, WebSimulator? web)
    {
        var urls = new Option<string?>("--urls") { Description = "Where to listen (default http://localhost:5000; several separated by ;)", HelpName = "URL" };
        var inMemory = new Option<bool>("--in-memory") { Description = "Keep nothing: an in-memory store instead of the SQLite file" };
        var serve = new Command(Name, "Run the whole simulator: UI, REST API and demo receiver") { urls, inMemory };
        serve.SetAction((result, cancellationToken) =>
            web is null
                ? throw new CommandFailedException("insim serve runs from the installed tool (or `dotnet run --project src/Simulator.Web -- serve`).")
                : ServeAsync(web, result.GetValue(urls), result.GetValue(inMemory), output, cancellationToken));
        return serve;
    }

    /// <summary>Where the SQLite file goes unless <c>Simulator__Storage__SqlitePath</c> says otherwise.</summary>
    public static string DefaultDataFile()
    {
        var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return Path.Combine(data.Length > 0 ? data : Directory.GetCurrentDirectory(), "insim", "simulator.db");
    }

    private static async Task<int> ServeAsync(WebSimulator web, string? urls, bool inMemory, TextWriter output, CancellationToken cancellationToken)
    {
        if (urls is not null && !urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).All(IsListenUrl))
        {
            throw new CommandFailedException($"--urls {TerminalText.Clean(urls)}: give where to listen as http://HOST:PORT (several separated by ;), e.g. http://localhost:5099.");
        }
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        UseToolDefaults(builder.Configuration, inMemory);
        if (urls is not null)
        {
            builder.WebHost.UseUrls(urls);
        }
        // a failed start is our one-line message, not the host's error with its stack trace
        var starting = true;
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", level => level >= LogLevel.Information && !(starting && level == LogLevel.Error));
        web.AddServices(builder);
        await using var app = builder.Build();
        web.UsePipeline(app);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            throw new CommandFailedException($"The simulator could not start: {TerminalText.Clean(e.Message)}", e);
        }
        catch (OptionsValidationException e)
        {
            throw new CommandFailedException($"The simulator could not start, a setting is refused: {TerminalText.Clean(e.Message)}", e);
        }
        starting = false;
        await output.WriteLineAsync(Banner(app));
        await app.WaitForShutdownAsync(cancellationToken);
        return ExitCodes.Passed;
    }

    /// <summary>
    /// The tool's defaults sit above the tool's appsettings.json and below the environment: a SQLite file in the
    /// user's data folder; <c>--in-memory</c> above everything.
    /// </summary>
    private static void UseToolDefaults(ConfigurationManager configuration, bool inMemory)
    {
        var afterSettingsFiles = configuration.Sources.Select((source, index) => (source, index))
            .LastOrDefault(s => s.source is JsonConfigurationSource).index + 1;
        var defaults = new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                [$"{Section}:Storage:Provider"] = nameof(StorageProvider.Sqlite),
                [$"{Section}:Storage:SqlitePath"] = DefaultDataFile(),
            },
        };
        configuration.Sources.Insert(afterSettingsFiles, defaults);
        if (inMemory)
        {
            configuration.AddInMemoryCollection(new Dictionary<string, string?> { [$"{Section}:Storage:Provider"] = nameof(StorageProvider.InMemory) });
        }
    }

    private static string Banner(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault() ?? "http://localhost:5000";
        var storage = app.Services.GetRequiredService<IOptions<SimulatorOptions>>().Value.Storage;
        var store = storage.Provider switch
        {
            StorageProvider.Sqlite => $"SQLite file {Path.GetFullPath(storage.SqlitePath)} (kept across restarts; --in-memory for a throwaway run)",
            StorageProvider.Postgres => "PostgreSQL (Storage:ConnectionString; shared with every instance that names it)",
            _ => $"{storage.Provider} (nothing is kept when it stops)",
        };
        return $"""

            Instinctive Notes Webhook Simulator on {string.Join(" and ", addresses.DefaultIfEmpty(address))}
              UI                {address}/  (sign in as Olivia Owner)
              REST API          {address}/api  (Authorization: Bearer {SimulatorApi.DefaultToken}; reference at {address}/scalar)
              demo receiver     {address}/demo-receiver
              store             {store}
            Ctrl+C stops it.

            """;
    }

    private static bool IsListenUrl(string url) =>
        Uri.TryCreate(url.Replace("://*", "://wildcard", StringComparison.Ordinal).Replace("://+", "://wildcard", StringComparison.Ordinal), UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https";
}
