using Microsoft.EntityFrameworkCore;
using Simulator.Core.Domain;
using Simulator.Core.Persistence;

namespace Simulator.Core.Accounts;

/// <summary>The account, its plan and its users.</summary>
public sealed class AccountService(
    IDbContextFactory<SimulatorDbContext> dbFactory,
    TimeProvider time)
{
    public const string DowngradeReason = "Deactivated because the account moved to the Standard plan; activating needs Premium.";

    public async Task<Account> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Accounts.AsNoTracking().SingleAsync(cancellationToken);
    }

    /// <summary>
    /// Changes the plan. Moving to Standard deactivates every active endpoint (it stops receiving
    /// new events; retries already scheduled continue until exhausted).
    /// </summary>
    public Task<Account> ChangePlanAsync(Plan plan, CancellationToken cancellationToken = default) =>
        // an activation or an endpoint change committed meanwhile: decide again on what is there now
        Concurrency.RetryOnConflictAsync("The account", () => ChangePlanOnceAsync(plan, cancellationToken));

    private async Task<Account> ChangePlanOnceAsync(Plan plan, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // decided inside the transaction: no activation can commit between reading the active endpoints and deactivating them
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var account = await db.Accounts.SingleAsync(cancellationToken);
        var now = time.GetUtcNow();
        if (!account.ChangePlan(plan, now))
        {
            return account;
        }
        if (plan == Plan.Standard)
        {
            foreach (var endpoint in await db.WebhookEndpoints.Where(e => e.Status == EndpointStatus.Active).ToListAsync(cancellationToken))
            {
                endpoint.Deactivate(now, DowngradeReason);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return account;
    }

    public Task<List<User>> UsersAsync(CancellationToken cancellationToken = default) =>
        UsersAsync(int.MaxValue, null, cancellationToken);

    /// <summary>At most <paramref name="limit"/> users, in the order they were added, after the one with id <paramref name="afterId"/>.</summary>
    public async Task<List<User>> UsersAsync(int limit, int? afterId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().Where(u => afterId == null || u.Id > afterId)
            .OrderBy(u => u.Id).Take(limit).ToListAsync(cancellationToken);
    }

    public async Task<User?> FindUserAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
    }

    public async Task<User?> FindByTokenAsync(string token, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.ApiToken == token, cancellationToken);
    }
}
