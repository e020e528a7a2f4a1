using Microsoft.EntityFrameworkCore;
using Simulator.Core.Dispatching;
using Simulator.Core.Domain;
using Simulator.Core.Persistence;
using Simulator.Tests.Core.Dispatching;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Core.Persistence;

/// <summary>
/// An outcome reads its endpoint from <see cref="EndpointRoster"/>'s kept copy only when it merely
/// reads it (active, not failing, not changed in the same unit of work); a recovery still changes
/// the row itself.
/// </summary>
public sealed class KeptEndpointOutcomeTests
{
    private static readonly AttemptOutcome Ok = new(200, null, "ok", 3);

    [Fact]
    public async Task A_success_on_a_healthy_endpoint_takes_the_kept_copy_and_tracks_no_endpoint_row()
    {
        await using var app = Simulation.Premium();
        var endpoint = await app.EndpointAsync("http://127.0.0.1:9/healthy");
        await using var db = await ContextWithKeptEndpointsAsync(app);

        var (delivery, attempt) = InFlight(app, endpoint);
        var completed = await app.Service<AttemptCompletion>().ApplyAsync(db, delivery, attempt, Ok, app.Clock.GetUtcNow());

        Assert.Equal((DeliveryTransition.Succeeded, false), (completed.Transition, completed.Recovered));
        Assert.Empty(db.ChangeTracker.Entries<WebhookEndpoint>());
    }

    [Fact]
    public async Task A_success_on_a_failing_endpoint_recovers_the_row_though_a_copy_is_kept()
    {
        await using var app = Simulation.Premium();
        var endpoint = await app.EndpointAsync("http://127.0.0.1:9/failing");
        await app.ChangeEndpointAsync(endpoint.Id, e => e.StartFailing(app.Clock.GetUtcNow(), TimeSpan.FromHours(1)));
        await using var db = await ContextWithKeptEndpointsAsync(app);
        Assert.True(app.Service<EndpointRoster>().Kept(endpoint.Id)!.IsFailing);

        var (delivery, attempt) = InFlight(app, endpoint);
        var completed = await app.Service<AttemptCompletion>().ApplyAsync(db, delivery, attempt, Ok, app.Clock.GetUtcNow());
        await db.SaveChangesAsync();

        Assert.True(completed.Recovered);
        Assert.False((await app.EndpointAsync(endpoint.Id)).IsFailing);
    }

    [Fact]
    public async Task A_success_on_an_endpoint_the_same_unit_of_work_changed_decides_on_that_change()
    {
        await using var app = Simulation.Premium();
        var endpoint = await app.EndpointAsync("http://127.0.0.1:9/changed");
        await using var db = await ContextWithKeptEndpointsAsync(app);
        Assert.False(app.Service<EndpointRoster>().Kept(endpoint.Id)!.IsFailing);
        // an earlier change in the same group started the endpoint's failing episode, not committed yet
        (await db.WebhookEndpoints.FindAsync(endpoint.Id))!.StartFailing(app.Clock.GetUtcNow(), TimeSpan.FromHours(1));

        var (delivery, attempt) = InFlight(app, endpoint);
        var completed = await app.Service<AttemptCompletion>().ApplyAsync(db, delivery, attempt, Ok, app.Clock.GetUtcNow());
        await db.SaveChangesAsync();

        Assert.True(completed.Recovered);
        Assert.False((await app.EndpointAsync(endpoint.Id)).IsFailing);
    }

    // the endpoints read and kept, as a note save's look does
    private static async Task<SimulatorDbContext> ContextWithKeptEndpointsAsync(SimulatorAppFactory app)
    {
        var db = await app.Service<IDbContextFactory<SimulatorDbContext>>().CreateDbContextAsync();
        await app.Service<EndpointRoster>().PeekAsync(db, CancellationToken.None);
        return db;
    }

    // a delivery in flight (never saved: the outcome's decision is what is under test)
    private static (Delivery Delivery, DeliveryAttempt Attempt) InFlight(SimulatorAppFactory app, WebhookEndpoint endpoint)
    {
        var now = app.Clock.GetUtcNow();
        var delivery = new Delivery(new WebhookEvent(EventTypes.SoapNoteCreated, 1, now, "{}", isTest: false), endpoint, now);
        return (delivery, delivery.BeginAttempt(now, endpoint.Url));
    }
}
