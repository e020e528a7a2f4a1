using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Simulator.Core.Domain;

namespace Simulator.Core.Persistence.EntityConfigurations;

internal sealed class WebhookEventConfiguration : IEntityTypeConfiguration<WebhookEvent>
{
    public void Configure(EntityTypeBuilder<WebhookEvent> builder)
    {
        builder.Property(e => e.Type).HasMaxLength(64);
        builder.HasIndex(e => new { e.IsTest, e.Type, e.Id });
    }
}

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
        builder.Property(d => d.Fault).HasConversion<string>().HasMaxLength(32);
        builder.HasIndex(d => d.DuplicateOfId);
        builder.Property(d => d.Version).IsConcurrencyToken();
    }
}

internal sealed class DeliveryAttemptConfiguration : IEntityTypeConfiguration<DeliveryAttempt>
{
    public void Configure(EntityTypeBuilder<DeliveryAttempt> builder)
    {
        builder.Property(a => a.Error).HasMaxLength(DeliveryAttempt.MaxErrorLength);
        builder.Property(a => a.Url).HasMaxLength(WebhookEndpoint.MaxUrlLength);
        builder.HasIndex(a => a.State);
        builder.Ignore(a => a.IsInFlight);
        builder.Property(a => a.ResponseBody).HasMaxLength(DeliveryAttempt.MaxResponseBodyLength);
        // an attempt number is never used twice for one delivery, even across restarts
        builder.HasIndex(a => new { a.DeliveryId, a.Number }).IsUnique();
    }
}

internal sealed class OutboxEmailConfiguration : IEntityTypeConfiguration<OutboxEmail>
{
    public void Configure(EntityTypeBuilder<OutboxEmail> builder)
    {
        builder.Property(e => e.To).HasMaxLength(254);
        builder.Property(e => e.Subject).HasMaxLength(300);
        builder.Property(e => e.LastError).HasMaxLength(500);
        builder.HasIndex(e => e.Status);
        builder.Ignore(e => e.AwaitsSending);
    }
}
