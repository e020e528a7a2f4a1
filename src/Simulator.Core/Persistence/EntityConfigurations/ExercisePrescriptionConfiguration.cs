using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Simulator.Core.Domain;

namespace Simulator.Core.Persistence.EntityConfigurations;

internal sealed class ExercisePrescriptionConfiguration : IEntityTypeConfiguration<ExercisePrescription>
{
    public void Configure(EntityTypeBuilder<ExercisePrescription> builder) => builder.Ignore(p => p.Dosage);
}
