namespace Simulator.Core;

/// <summary>Bounds for <c>[Range(typeof(TimeSpan), ...)]</c> on the options (attribute arguments must be constant strings).</summary>
internal static class Durations
{
    public const string Zero = "00:00:00";
    public const string Tick = "00:00:00.0000001";
    public const string Max = "10675199.02:48:05.4775807";
}
