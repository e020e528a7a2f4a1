using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Simulator.Core.Domain;

namespace Simulator.Core.Persistence.EntityConfigurations;

internal sealed class DeliveryConfiguration : IEntityTypeConfiguration<Delivery>
{
    public void Configure(EntityTypeBuilder<Delivery> builder)
    {
        builder.Property(d => d.EventType).HasMaxLength(64);
        builder.HasOne(d => d.Event).WithMany().HasForeignKey(d => d.EventId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(d => d.Attempts).WithOne().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(d => d.Attempts).HasField("_attempts").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasIndex(d => d.Status);
        builder.HasIndex(d => d.EndpointId);
        builder.HasIndex(d => d.EventId);
        builder.Ignore(d => d.IsPending);
        builder.Ignore(d => d.IsCopy);
        builder.Ignore(d => d.Kind);
        builder.Ignore(d => d.Retries);
        builder.Property(d => d.Fault).HasConversion<string>().HasMaxLength(32);
        builder.HasIndex(d => d.DuplicateOfId);
        builder.Property(d => d.Version).IsConcurrencyToken();
    }
}
