namespace Simulator.Core.ReceiverChecks;

/// <summary>A check refused because <see cref="Limit"/> checks are running already (<c>Simulator:ReceiverCheck:MaxConcurrent</c>; a 429 in the API).</summary>
public sealed class TooManyReceiverChecksException(int limit)
    : Exception($"{limit} receiver checks are running, the most at once; start this one when one of them has finished.")
{
    public int Limit { get; } = limit;
}
