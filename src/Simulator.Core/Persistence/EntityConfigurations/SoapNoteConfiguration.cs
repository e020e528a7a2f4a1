using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Simulator.Core.Domain;

namespace Simulator.Core.Persistence.EntityConfigurations;

internal sealed class SoapNoteConfiguration : IEntityTypeConfiguration<SoapNote>
{
    public void Configure(EntityTypeBuilder<SoapNote> builder)
    {
        builder.Property(n => n.Name).HasMaxLength(SoapNote.MaxNameLength);
        builder.Property(n => n.Recommendations).HasMaxLength(SoapNote.MaxRecommendationsLength);
        builder.HasMany(n => n.ExercisePrescriptions).WithOne().HasForeignKey(p => p.SoapNoteId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(n => n.ExercisePrescriptions).HasField("_exercisePrescriptions").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(n => n.ProductPrescriptions).WithOne().HasForeignKey(p => p.SoapNoteId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(n => n.ProductPrescriptions).HasField("_productPrescriptions").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasIndex(n => n.CreatedAt);
        builder.HasIndex(n => n.UpdatedAt);
    }
}
