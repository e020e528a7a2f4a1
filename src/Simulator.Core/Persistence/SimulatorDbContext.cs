using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Simulator.Core.Domain;

namespace Simulator.Core.Persistence;

/// <summary>The simulator's one store: the account, its SOAP notes and the webhook machinery.</summary>
public sealed class SimulatorDbContext(DbContextOptions<SimulatorDbContext> options) : DbContext(options)
{
    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<User> Users => Set<User>();

    public DbSet<Client> Clients => Set<Client>();

    public DbSet<Exercise> Exercises => Set<Exercise>();

    public DbSet<Product> Products => Set<Product>();

    public DbSet<SoapNote> SoapNotes => Set<SoapNote>();

    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();

    public DbSet<WebhookEvent> WebhookEvents => Set<WebhookEvent>();

    public DbSet<Delivery> Deliveries => Set<Delivery>();

    public DbSet<DeliveryAttempt> DeliveryAttempts => Set<DeliveryAttempt>();

    public DbSet<OutboxEmail> Emails => Set<OutboxEmail>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(SimulatorDbContext).Assembly);

    /// <summary>The hot transitions of this unit of work, written by its next save without change tracking.</summary>
    public TransitionWrites Transitions { get; } = new();

    /// <summary>
    /// Saves in a transaction of the caller's, or else in one of its own that commits only once the
    /// save has taken the store's values (generated ids) into the entities: what the commit wrote is
    /// then complete when <see cref="ICommitObserver"/>s hear of it.
    /// </summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        if (!Transitions.IsEmpty)
        {
            throw new InvalidOperationException("Transitions are written by SaveChangesAsync.");
        }
        RaiseVersions();
        if (Database.CurrentTransaction is not null)
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        using var transaction = Database.BeginTransaction();
        var saved = base.SaveChanges(acceptAllChangesOnSuccess);
        transaction.Commit();
        return saved;
    }

    /// <summary>
    /// As <see cref="SaveChanges(bool)"/>; the <see cref="Transitions"/> are written first, in the
    /// same transaction (the commit's observers hear of them with the tracked rows).
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RaiseVersions();
        try
        {
            if (Database.CurrentTransaction is not null)
            {
                return await SaveWithTransitionsAsync(acceptAllChangesOnSuccess, cancellationToken);
            }
            await using var transaction = await Database.BeginTransactionAsync(cancellationToken);
            var saved = await SaveWithTransitionsAsync(acceptAllChangesOnSuccess, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return saved;
        }
        finally
        {
            Transitions.Clear();
        }
    }

    public override void Dispose()
    {
        Transitions.Clear();
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        Transitions.Clear();
        return base.DisposeAsync();
    }

    private async Task<int> SaveWithTransitionsAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        if (Transitions.IsEmpty)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        await Transitions.WriteAsync(this, cancellationToken);
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        await Transitions.WriteCreatedAsync(this, cancellationToken);
        return saved;
    }

    /// <summary>Each changed row with a <see cref="Concurrency.Version"/> is saved with the next version, only where it still has the one read.</summary>
    private void RaiseVersions()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State == EntityState.Modified && entry.Metadata.FindProperty(Concurrency.Version) is not null)
            {
                var version = entry.Property(Concurrency.Version);
                version.CurrentValue = (int)version.OriginalValue! + 1;
            }
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // UTC ticks: ordered and comparable in SQLite, exact in both providers
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        value => value.UtcTicks,
        ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
}
