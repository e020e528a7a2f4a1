using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Simulator.Core.Domain;

namespace Simulator.Core.Persistence.EntityConfigurations;

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> builder)
    {
        builder.Property(a => a.PracticeName).HasMaxLength(200);
        builder.Ignore(a => a.CanActivateWebhooks);
        builder.Property<int>(Concurrency.Version).IsConcurrencyToken();
    }
}
