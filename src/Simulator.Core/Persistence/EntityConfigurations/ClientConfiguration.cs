using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Simulator.Core.Domain;

namespace Simulator.Core.Persistence.EntityConfigurations;

internal sealed class ClientConfiguration : IEntityTypeConfiguration<Client>
{
    public void Configure(EntityTypeBuilder<Client> builder)
    {
        builder.Property(c => c.ExternalRef).HasMaxLength(50);
        builder.Ignore(c => c.FullName);
    }
}
