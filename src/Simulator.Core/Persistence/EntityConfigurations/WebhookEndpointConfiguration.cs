using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Simulator.Core.Domain;

namespace Simulator.Core.Persistence.EntityConfigurations;

internal sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> builder)
    {
        builder.Property(e => e.Url).HasMaxLength(WebhookEndpoint.MaxUrlLength);
        builder.Property(e => e.Description).HasMaxLength(WebhookEndpoint.MaxDescriptionLength);
        builder.Property(e => e.ContactEmail).HasMaxLength(WebhookEndpoint.MaxEmailLength);
        builder.Property(e => e.StatusReason).HasMaxLength(500);
        builder.PrimitiveCollection(e => e.EnabledEvents);
        builder.Ignore(e => e.IsFailing);
        builder.Ignore(e => e.Faults);
        builder.Property<double>("FaultDuplicateRate");
        builder.Property<double>("FaultConcurrentDuplicateRate");
        builder.Property<double>("FaultReorderRate");
        builder.Property<int>("FaultSeed");
        builder.Property<int>(Concurrency.Version).IsConcurrencyToken();
    }
}
