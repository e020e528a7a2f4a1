namespace Simulator.Bench;

/// <summary>How far retries start from their scheduled simulated time.</summary>
public sealed record ClockFidelityResult(
    double Speed,
    int Deliveries,
    Distribution LatenessSimulatedSeconds,
    int Early)
{
    public double RealMilliseconds(double simulatedSeconds) => simulatedSeconds / Speed * 1000;
}
