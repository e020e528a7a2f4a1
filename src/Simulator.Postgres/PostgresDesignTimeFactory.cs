using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Simulator.Core.Persistence;

namespace Simulator.Postgres;

/// <summary>
/// For <c>dotnet ef migrations add NAME --project src/Simulator.Postgres --output-dir Migrations</c>
/// only: the PostgreSQL migrations of the one model, in this assembly (the SQLite ones stay in
/// Simulator.Core). The tools never connect to this server.
/// </summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<SimulatorDbContext>
{
    public SimulatorDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SimulatorDbContext>()
            .UseNpgsql("Host=localhost;Database=design-time", PostgresStore.Configure)
            .Options);
}
