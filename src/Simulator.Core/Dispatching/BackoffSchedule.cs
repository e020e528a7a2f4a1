using Microsoft.Extensions.Options;
using Polly.Contrib.WaitAndRetry;

namespace Simulator.Core.Dispatching;

/// <summary>
/// The retry schedule, as data: the waits are Polly's exponential backoff
/// (<see cref="Backoff.ExponentialBackoff"/>: <c>BaseDelay × BackoffFactor^(n−1)</c>), each capped at
/// <c>MaxDelay</c>, varied by a jitter fixed per delivery and attempt (so a delivery keeps its
/// schedule across a restart) and capped again after it. The last attempt falls at the end of the
/// retry window, measured from the first attempt; the delivery fails after it.
/// </summary>
public sealed class BackoffSchedule
{
    /// <summary>No schedule has more attempts than this (tiny delays over a long window).</summary>
    public const int MaxAttempts = 1000;

    private readonly DeliveryOptions _options;
    private readonly TimeSpan[] _nominalWaits;

    public BackoffSchedule(IOptions<SimulatorOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value.Delivery;
        _nominalWaits = NominalWaits(_options);
    }

    public TimeSpan RetryWindow => _options.RetryWindow;

    /// <summary>The wait after attempt <paramref name="attemptNumber"/> (1-based) without jitter.</summary>
    public TimeSpan NominalDelayAfter(int attemptNumber)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attemptNumber, 1);
        return _nominalWaits[Math.Min(attemptNumber, _nominalWaits.Length) - 1];
    }

    /// <summary>The simulated wait after attempt <paramref name="attemptNumber"/> of a delivery, jitter included, at most <c>MaxDelay</c>.</summary>
    public TimeSpan DelayAfter(long deliveryId, int attemptNumber)
    {
        var nominal = NominalDelayAfter(attemptNumber);
        var jitter = _options.Jitter <= 0 ? 1.0 : 1.0 + (_options.Jitter * ((2 * Unit(deliveryId, attemptNumber)) - 1));
        var seconds = Math.Round(nominal.TotalSeconds * jitter);
        return TimeSpan.FromSeconds(Math.Max(0, Math.Min(seconds, _options.MaxDelay.TotalSeconds)));
    }

    /// <summary>
    /// When the attempt after <paramref name="attemptCount"/> attempts is due, the last of which
    /// started at <paramref name="lastAttemptAt"/>; null when the retry window is used up: the
    /// delivery has then failed. An attempt that would fall past the window falls at its end.
    /// </summary>
    public DateTimeOffset? NextAttemptAt(long deliveryId, int attemptCount, DateTimeOffset firstAttemptAt, DateTimeOffset lastAttemptAt)
    {
        var end = firstAttemptAt + _options.RetryWindow;
        if (lastAttemptAt >= end || attemptCount >= MaxAttempts)
        {
            return null;
        }
        var next = lastAttemptAt + DelayAfter(deliveryId, attemptCount);
        return next > end ? end : next;
    }

    /// <summary>The nominal schedule (no jitter): attempt number, the wait before it and its time after the first attempt.</summary>
    public IReadOnlyList<(int Attempt, TimeSpan Wait, TimeSpan At)> Preview()
    {
        var rows = new List<(int, TimeSpan, TimeSpan)> { (1, TimeSpan.Zero, TimeSpan.Zero) };
        var at = TimeSpan.Zero;
        for (var n = 1; n < MaxAttempts && at < _options.RetryWindow; n++)
        {
            var wait = NominalDelayAfter(n);
            if (at + wait > _options.RetryWindow)
            {
                wait = _options.RetryWindow - at;
            }
            at += wait;
            rows.Add((n + 1, wait, at));
        }
        return rows;
    }

    // Polly's exponential backoff, until it reaches MaxDelay; every wait after that is MaxDelay.
    private static TimeSpan[] NominalWaits(DeliveryOptions options)
    {
        var waits = new List<TimeSpan>();
        foreach (var wait in Backoff.ExponentialBackoff(options.BaseDelay, retryCount: MaxAttempts, factor: options.BackoffFactor))
        {
            if (wait >= options.MaxDelay)
            {
                break;
            }
            waits.Add(wait);
        }
        waits.Add(options.MaxDelay);
        return [.. waits];
    }

    /// <summary>A number in [0, 1) fixed by the delivery and attempt (SplitMix64).</summary>
    private static double Unit(long deliveryId, int attemptNumber)
    {
        var z = unchecked(((ulong)deliveryId * 0x9E3779B97F4A7C15UL) + (ulong)attemptNumber);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }
}
