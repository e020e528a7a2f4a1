using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Simulator.Core.Domain;

namespace Simulator.Core.Persistence.EntityConfigurations;

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
