using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Time.Testing;
using Simulator.Core;
using Simulator.Core.Clock;
using Simulator.Core.Seeding;

namespace Simulator.Tests.TestSupport;

/// <summary>
/// The whole simulator in process. Real time is a <see cref="FakeTimeProvider"/> unless
/// <see cref="UseSystemTime"/>: tests move time by advancing it (or the simulation clock), never by sleeping.
/// </summary>
public class SimulatorAppFactory : WebApplicationFactory<Program>
{
    private readonly StartGate _startGate = new();

    public static readonly DateTimeOffset Start = new(2026, 3, 26, 14, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider RealTime { get; } = new(Start);

    /// <summary>Keys of the <c>Simulator</c> section, e.g. <c>["Clock:Speed"] = "3600"</c>.</summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Storage:Provider"] = "InMemory",
        ["Clock:Speed"] = "60",
        ["Delivery:Timeout"] = "00:00:05",
        ["Smtp:RetryInterval"] = "00:00:30",
        // the sweep's periodic real-time timer would be one more timer on the fake real time the tests move;
        // the sweep's own tests call it directly
        ["Delivery:SweepInterval"] = "1.00:00:00",
    };

    /// <summary>Run over the system clock (browser tests, where the UI's own timers run in real time).</summary>
    public bool UseSystemTime { get; init; }

    /// <summary>Listen on a real loopback port (browser tests) instead of the in-memory test server.</summary>
    public bool UseRealPort { get; init; }

    /// <summary>
    /// Whether the host checks every service registration when it is built, as a Development host does
    /// (<c>ValidateOnBuild</c>). Off by default: a test run builds hundreds of simulators with the same
    /// registrations, and the check cost about a seventh of each boot's CPU. One test keeps it on
    /// (<c>OptionsValidationTests.The_default_settings_start</c>); scopes are validated in every host.
    /// </summary>
    public bool ValidateServicesOnBuild { get; init; }

    public string ServerAddress { get; private set; } = string.Empty;

    public SimulationClock Clock => Services.GetRequiredService<SimulationClock>();

    public SimulationControl Control => Services.GetRequiredService<SimulationControl>();

    public T Service<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>An API client signed in with a seeded user's token (the Owner's by default).</summary>
    public HttpClient CreateApiClient(string? token = AccountSeeder.OwnerToken)
    {
        var client = UseRealPort ? new HttpClient { BaseAddress = new Uri(ServerAddress) } : CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    /// <summary>Starts the server (on a real port when <see cref="UseRealPort"/>).</summary>
    public void Boot()
    {
        if (UseRealPort)
        {
            UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        }
        StartServer();
        if (UseRealPort)
        {
            ServerAddress = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
                .Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Development");
        builder.UseDefaultServiceProvider(options =>
        {
            options.ValidateScopes = true;
            options.ValidateOnBuild = ValidateServicesOnBuild;
        });
        builder.ConfigureAppConfiguration((_, config) =>
            config.AddInMemoryCollection(Settings.Select(s => new KeyValuePair<string, string?>($"{SimulatorOptions.SectionName}:{s.Key}", s.Value))));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IHostLifetime>(_startGate);
            // Hundreds of simulators start in a test run; their console lines go to the test host's output,
            // which nobody reads, at about a tenth of a boot's CPU. Other logging providers stay.
            foreach (var console in services.Where(d => d.ServiceType == typeof(ILoggerProvider) && d.ImplementationType == typeof(ConsoleLoggerProvider)).ToList())
            {
                services.Remove(console);
            }
            if (!UseSystemTime)
            {
                services.AddKeyedSingleton<TimeProvider>(SimulatorServiceCollectionExtensions.RealTimeKey, RealTime);
            }
        });
    }

    /// <summary>
    /// Starts the host as <see cref="WebApplicationFactory{TEntryPoint}"/> does, without its race. The app's own
    /// <c>Program</c> runs on a thread of its own: its <c>app.Run()</c> starts the host and, when the start
    /// fails, disposes it; meanwhile this thread asks the host's services for the application lifetime to wait
    /// for the start. A start that failed fast (an invalid setting) could dispose those services first, and the
    /// test saw "ObjectDisposedException: IServiceProvider" instead of the reason. The <see cref="StartGate"/>
    /// holds the app's start until this thread is waiting for it; a failed start then always surfaces its own exception.
    /// </summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var host = builder.Build();
        Task started;
        try
        {
            started = host.StartAsync();
        }
        finally
        {
            _startGate.Open();
        }
        started.GetAwaiter().GetResult();
        return host;
    }
}
