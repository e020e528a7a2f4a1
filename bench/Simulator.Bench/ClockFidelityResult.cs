namespace Simulator.Bench;

/// <summary>
/// How far retries start from their scheduled simulated time; and how many deliveries were left
/// pending with a next attempt in the store that never came (off the schedule).
/// </summary>
public sealed record ClockFidelityResult(
    double Speed,
    int Deliveries,
    Distribution LatenessSimulatedSeconds,
    int Early,
    int Stranded,
    int LateBySecond,
    int LateWithEndpointFull,
    int LateAfterPreviousPost)
{
    /// <summary>The longest the clock was held at once, in real time (the schedule's bound is 250 ms).</summary>
    public TimeSpan LongestHold { get; init; }

    public double RealMilliseconds(double simulatedSeconds) => simulatedSeconds / Speed * 1000;
}
