using Microsoft.EntityFrameworkCore;
using Simulator.Core.Accounts;
using Simulator.Core.Domain;
using Simulator.Core.Persistence;
using Simulator.Core.Webhooks;
using Simulator.Tests.Core.Dispatching;

namespace Simulator.Tests.Core.Races;

/// <summary>
/// Endpoint edits against the failing-episode logic and the plan: a decision taken on a row that
/// changed meanwhile is refused by the store (the endpoint's and the account's version), and the
/// service runs the edit again on what is there now.
/// </summary>
public sealed class EndpointRaceTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromHours(1);

    [Fact]
    public async Task A_failing_episode_decided_before_a_deactivation_cannot_be_saved_over_it()
    {
        await using var app = Simulation.Premium();
        var endpoint = await app.EndpointAsync("http://127.0.0.1:9/hooks");
        var dbFactory = app.Service<IDbContextFactory<SimulatorDbContext>>();

        // the episode logic reads the endpoint (active) ...
        await using var episode = await dbFactory.CreateDbContextAsync();
        var stale = await episode.WebhookEndpoints.SingleAsync(e => e.Id == endpoint.Id);
        // ... the Owner deactivates it ...
        await app.Service<WebhookEndpointService>().DeactivateAsync(endpoint.Id);
        // ... and the episode, decided on the active endpoint, would set a disable timer on an inactive one
        Assert.True(stale.StartFailing(app.Clock.GetUtcNow(), Grace));

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => episode.SaveChangesAsync());
        var now = await app.EndpointAsync(endpoint.Id);
        Assert.Equal((EndpointStatus.Inactive, (DateTimeOffset?)null, (DateTimeOffset?)null), (now.Status, now.FailingSince, now.DisableAt));
    }

    [Fact]
    public async Task An_activation_decided_on_premium_cannot_survive_a_downgrade_committed_meanwhile()
    {
        await using var app = Simulation.Premium();
        var endpoint = await app.EndpointAsync("http://127.0.0.1:9/hooks", active: false);
        var dbFactory = app.Service<IDbContextFactory<SimulatorDbContext>>();

        await using var activation = await dbFactory.CreateDbContextAsync();
        var account = await activation.Accounts.SingleAsync();
        var stale = await activation.WebhookEndpoints.SingleAsync(e => e.Id == endpoint.Id);
        stale.Activate(account, app.Clock.GetUtcNow());
        Concurrency.Touch(activation, account);
        await app.Service<AccountService>().ChangePlanAsync(Plan.Standard);

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => activation.SaveChangesAsync());
        Assert.Equal(EndpointStatus.Inactive, (await app.EndpointAsync(endpoint.Id)).Status);
        // the service runs it again on the account as it is now: refused, Standard cannot activate
        await Assert.ThrowsAsync<PremiumPlanRequiredException>(() => app.Service<WebhookEndpointService>().ActivateAsync(endpoint.Id));
    }

    [Fact]
    public async Task Activations_racing_a_downgrade_leave_no_endpoint_active_on_standard()
    {
        await using var app = Simulation.Premium();
        var endpoints = app.Service<WebhookEndpointService>();
        var ids = new List<int>();
        for (var i = 0; i < 8; i++)
        {
            ids.Add((await app.EndpointAsync($"http://127.0.0.1:9/hooks/{i}", active: false)).Id);
        }

        var activations = ids.Select(id => Task.Run(async () =>
        {
            try
            {
                await endpoints.ActivateAsync(id);
            }
            catch (Exception ex) when (ex is PremiumPlanRequiredException or ConcurrencyConflictException)
            {
                // refused: the plan changed first, or the race went on too long; either way nothing changed
            }
        })).ToList();
        var downgrade = Task.Run(() => app.Service<AccountService>().ChangePlanAsync(Plan.Standard));
        await Task.WhenAll([.. activations, downgrade]);

        Assert.Equal(Plan.Standard, (await app.Service<AccountService>().GetAsync()).Plan);
        Assert.DoesNotContain(await endpoints.ListAsync(), e => e.Status == EndpointStatus.Active);
    }

    [Fact]
    public async Task Edits_racing_a_delete_end_in_the_edit_or_not_found_never_in_a_concurrency_exception()
    {
        await using var app = Simulation.Premium();
        var endpoints = app.Service<WebhookEndpointService>();
        for (var round = 0; round < 10; round++)
        {
            var id = (await app.EndpointAsync($"http://127.0.0.1:9/hooks/{round}")).Id;
            var racers = new Func<Task>[]
            {
                () => endpoints.UpdateAsync(id, "http://127.0.0.1:9/moved", "moved", null, null),
                () => endpoints.DeactivateAsync(id),
                () => endpoints.ActivateAsync(id),
                () => endpoints.DeleteAsync(id),
            };

            var outcomes = await Task.WhenAll(racers.Select(race => Task.Run(async () =>
            {
                try
                {
                    await race();
                    return null;
                }
                catch (Exception ex)
                {
                    return ex;
                }
            })));

            Assert.All(outcomes, ex => Assert.True(ex is null or KeyNotFoundException or ConcurrencyConflictException, ex?.ToString()));
            // the delete either happened, or (outrun by the three edits three times) answered 409 and changed nothing
            var deleted = outcomes[3] is null;
            Assert.Equal(deleted, await endpoints.FindAsync(id) is null);
        }
    }
}
