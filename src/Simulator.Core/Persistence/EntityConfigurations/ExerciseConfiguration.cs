using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Simulator.Core.Domain;

namespace Simulator.Core.Persistence.EntityConfigurations;

internal sealed class ExerciseConfiguration : IEntityTypeConfiguration<Exercise>
{
    public void Configure(EntityTypeBuilder<Exercise> builder) =>
        builder.Property(e => e.Name).HasMaxLength(200);
}
