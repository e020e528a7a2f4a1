using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Simulator.Core.Persistence;

/// <summary>
/// For <c>dotnet ef migrations add</c> only: the migrations are SQLite's (the InMemory store is
/// created from the model). The file name is never opened by the tools' <c>migrations add</c>.
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<SimulatorDbContext>
{
    public SimulatorDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SimulatorDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
