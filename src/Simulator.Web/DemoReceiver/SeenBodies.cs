using System.Security.Cryptography;

namespace Simulator.Web.DemoReceiver;

/// <summary>
/// Counts the requests carrying each body, for the routes that answer by what they saw before
/// (flaky, idempotent; one counter each). The simulator resends an event's exact stored body on
/// every retry and every copy, and different events differ in body (type, time, note), so the body
/// identifies the event without the receiver having to parse it.
/// </summary>
public sealed class SeenBodies
{
    /// <summary>Bodies remembered; the oldest is forgotten past this.</summary>
    public const int MaxRemembered = 10_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _seen = [];
    private readonly Queue<string> _order = new();

    /// <summary>Counts one more request with this body; returns how many there have been (1 for the first).</summary>
    public int Count(ReadOnlySpan<byte> body)
    {
        var key = Convert.ToHexString(SHA256.HashData(body));
        lock (_gate)
        {
            if (_seen.TryGetValue(key, out var count))
            {
                _seen[key] = ++count;
                return count;
            }
            if (_order.Count == MaxRemembered)
            {
                _seen.Remove(_order.Dequeue());
            }
            _order.Enqueue(key);
            _seen[key] = 1;
            return 1;
        }
    }
}
