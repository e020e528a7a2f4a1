using Microsoft.Extensions.Options;

namespace Simulator.Core.Dispatching;

/// <summary>
/// The retry schedule: exponential backoff (base delay × factor^(n−1), capped) with a jitter
/// that is fixed per delivery and attempt, so the same delivery keeps the same schedule across a
/// restart; no attempt is made past the retry window measured from the first attempt.
/// </summary>
public sealed class BackoffSchedule(IOptions<SimulatorOptions> options)
{
    private DeliveryOptions Options => options.Value.Delivery;

    public TimeSpan RetryWindow => Options.RetryWindow;

    /// <summary>The simulated wait after attempt <paramref name="attemptNumber"/> (1-based) before the next.</summary>
    public TimeSpan DelayAfter(long deliveryId, int attemptNumber)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attemptNumber, 1);
        var nominal = NominalDelayAfter(attemptNumber);
        var jitter = Options.Jitter <= 0 ? 1.0 : 1.0 + (Options.Jitter * ((2 * Unit(deliveryId, attemptNumber)) - 1));
        return TimeSpan.FromSeconds(Math.Round(nominal.TotalSeconds * jitter));
    }

    /// <summary>The wait without jitter.</summary>
    public TimeSpan NominalDelayAfter(int attemptNumber)
    {
        var seconds = Options.BaseDelay.TotalSeconds * Math.Pow(Options.BackoffFactor, attemptNumber - 1);
        return TimeSpan.FromSeconds(Math.Min(seconds, Options.MaxDelay.TotalSeconds));
    }

    /// <summary>
    /// When the attempt after <paramref name="attemptCount"/> is due, or null when it would fall past
    /// the retry window: the delivery has then failed.
    /// </summary>
    public DateTimeOffset? NextAttemptAt(long deliveryId, int attemptCount, DateTimeOffset firstAttemptAt, DateTimeOffset lastAttemptAt)
    {
        var next = lastAttemptAt + DelayAfter(deliveryId, attemptCount);
        return next - firstAttemptAt > Options.RetryWindow ? null : next;
    }

    /// <summary>The nominal schedule (no jitter): attempt number and its time after the first attempt.</summary>
    public IReadOnlyList<(int Attempt, TimeSpan Wait, TimeSpan At)> Preview()
    {
        var rows = new List<(int, TimeSpan, TimeSpan)> { (1, TimeSpan.Zero, TimeSpan.Zero) };
        var at = TimeSpan.Zero;
        for (var n = 1; n < 1000; n++)
        {
            var wait = NominalDelayAfter(n);
            if (at + wait > Options.RetryWindow || wait <= TimeSpan.Zero)
            {
                break;
            }
            at += wait;
            rows.Add((n + 1, wait, at));
        }
        return rows;
    }

    /// <summary>A number in [0, 1) fixed by the delivery and attempt (SplitMix64).</summary>
    private static double Unit(long deliveryId, int attemptNumber)
    {
        var z = unchecked((ulong)deliveryId * 0x9E3779B97F4A7C15UL + (ulong)attemptNumber);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }
}
