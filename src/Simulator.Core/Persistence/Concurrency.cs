using Microsoft.EntityFrameworkCore;
using Simulator.Core.Domain;

namespace Simulator.Core.Persistence;

/// <summary>
/// Optimistic concurrency: the account and the endpoints carry a <see cref="Version"/> (a shadow
/// concurrency token, raised by every save that changes the row), so a decision taken on a row that
/// changed meanwhile (an endpoint edit against the failing-episode logic, an activation against a
/// downgrade) is refused by the store instead of overwriting the other one.
/// </summary>
public static class Concurrency
{
    public const string Version = "Version";

    private const int Tries = 3;

    /// <summary>
    /// Runs a read-decide-save operation; when the store refuses its save because a row it read
    /// changed meanwhile, runs it again on fresh rows (so it decides on what is there now), and
    /// after a few tries gives up with a <see cref="ConcurrencyConflictException"/>.
    /// </summary>
    public static async Task<T> RetryOnConflictAsync<T>(string what, Func<Task<T>> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await operation();
            }
            catch (DbUpdateConcurrencyException ex)
            {
                if (attempt >= Tries)
                {
                    throw new ConcurrencyConflictException(what, ex);
                }
            }
        }
    }

    /// <summary>Makes the save check (and raise) the row's version though nothing else in it changes.</summary>
    public static void Touch(SimulatorDbContext db, object entity)
    {
        ArgumentNullException.ThrowIfNull(db);
        db.Entry(entity).Property(Version).IsModified = true;
    }
}
