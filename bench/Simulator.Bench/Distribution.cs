namespace Simulator.Bench;

/// <summary>Percentiles (nearest rank) of a set of measurements.</summary>
public sealed record Distribution(int Count, double Min, double P50, double P95, double P99, double Max, double Mean)
{
    public static Distribution Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new Distribution(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }
        return new Distribution(sorted.Length, sorted[0], Rank(sorted, 0.50), Rank(sorted, 0.95), Rank(sorted, 0.99), sorted[^1], sorted.Average());
    }

    private static double Rank(double[] sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
