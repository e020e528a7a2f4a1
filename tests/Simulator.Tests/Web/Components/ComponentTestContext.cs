using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Simulator.Core;
using Simulator.Core.Clock;
using Simulator.Core.Dispatching;
using Simulator.Core.Domain;
using Simulator.Core.Persistence;
using Simulator.Core.Seeding;
using Simulator.Core.Webhooks;
using Simulator.Tests.TestSupport;
using Simulator.Web.Auth;

namespace Simulator.Tests.Web.Components;

/// <summary>
/// bUnit over the real core: the services, a seeded in-memory store of its own, the simulation
/// clock over a <see cref="FakeTimeProvider"/> (so refresh throttling and countdowns move only when
/// a test advances it), interactive server rendering, and a signed-in user.
/// </summary>
public abstract class ComponentTestContext : BunitContext, IAsyncLifetime
{
    protected ComponentTestContext()
    {
        Configuration = new ConfigurationManager();
        Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Simulator:Storage:Provider"] = "InMemory",
            ["Simulator:Clock:Speed"] = "60",
            ["Simulator:Delivery:Timeout"] = "00:00:05",
        });
        Services.AddSingleton<IConfiguration>(Configuration);
        Services.AddLogging();
        Services.AddKeyedSingleton<TimeProvider>(SimulatorServiceCollectionExtensions.RealTimeKey, RealTime);
        Services.AddSimulatorCore(Configuration);
        Authorization = AddAuthorization();
        SignInAsOwner();
        JSInterop.Mode = JSRuntimeMode.Loose;
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    /// <summary>The real time under the simulation clock.</summary>
    protected FakeTimeProvider RealTime { get; } = new(SimulatorAppFactory.Start);

    protected ConfigurationManager Configuration { get; }

    protected BunitAuthorizationContext Authorization { get; }

    protected NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    protected T Service<T>()
        where T : notnull => Services.GetRequiredService<T>();

    protected void SignInAsOwner()
    {
        Authorization.SetAuthorized("Olivia Owner");
        Authorization.SetRoles(nameof(Role.Owner));
        Authorization.SetPolicies(SimulatorAuth.OwnerPolicy);
        Authorization.SetClaims(new Claim(SimulatorAuth.UserIdClaim, "1"), new Claim(ClaimTypes.Role, nameof(Role.Owner)));
    }

    protected void SignInAsPractitioner()
    {
        Authorization.SetAuthorized("Pat Practitioner");
        Authorization.SetRoles(nameof(Role.Practitioner));
        Authorization.SetPolicies();
        Authorization.SetClaims(new Claim(SimulatorAuth.UserIdClaim, "2"), new Claim(ClaimTypes.Role, nameof(Role.Practitioner)));
    }

    protected Task<WebhookEndpoint> AddEndpointAsync(string url = "http://127.0.0.1:9/webhooks") =>
        Service<WebhookEndpointService>().CreateAsync(url, "Test receiver", "dev@example.com", EventTypes.All);

    /// <summary>A live delivery written straight to the store, waiting for its first attempt an hour ahead.</summary>
    protected async Task<Delivery> AddWaitingDeliveryAsync(WebhookEndpoint endpoint)
    {
        await using var db = await Service<IDbContextFactory<SimulatorDbContext>>().CreateDbContextAsync();
        var now = Service<SimulationClock>().GetUtcNow();
        var webhookEvent = new WebhookEvent(EventTypes.SoapNoteCreated, 1, now, "{\"type\":\"soap_note.created\"}", isTest: false);
        db.WebhookEvents.Add(webhookEvent);
        var delivery = new Delivery(webhookEvent, endpoint, now);
        // due an hour ahead: the commit puts it on the schedule, and these tests move no simulated time
        delivery.ScheduleNextAttempt(now.AddHours(1));
        db.Deliveries.Add(delivery);
        await db.SaveChangesAsync();
        return delivery;
    }

    async Task IAsyncLifetime.InitializeAsync()
    {
        var initializer = Services.GetServices<IHostedService>().OfType<DatabaseInitializer>().Single();
        await initializer.StartAsync(CancellationToken.None);
        await Service<DeliveryDispatcher>().StartAsync(CancellationToken.None);
    }

    async Task IAsyncLifetime.DisposeAsync() => await Service<DeliveryDispatcher>().StopAsync(CancellationToken.None);
}
