using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;

namespace Simulator.Postgres;

/// <summary>How the Npgsql provider is set up, here and at design time.</summary>
internal static class PostgresStore
{
    /// <summary>The migrations of this assembly (one migrations assembly per provider; the SQLite ones are Simulator.Core's).</summary>
    public static void Configure(NpgsqlDbContextOptionsBuilder npgsql) =>
        npgsql.MigrationsAssembly(typeof(PostgresStore).Assembly.GetName().Name);
}
