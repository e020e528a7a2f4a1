namespace Simulator.Web.DemoReceiver;

/// <summary>
/// The last <see cref="Capacity"/> requests the demo receiver received, in memory only (a restart
/// forgets them). Raises <see cref="Changed"/> on every arrival and answer, for the live page.
/// </summary>
public sealed class DemoReceiverLog(TimeProvider time, ILogger<DemoReceiverLog> logger)
{
    public const int Capacity = 200;

    /// <summary>The part of a body kept for display; the rest is cut.</summary>
    public const int MaxBodyChars = 16 * 1024;

    private readonly Lock _gate = new();
    private readonly List<DemoRequest> _requests = new(Capacity);
    private long _received;

    public event EventHandler? Changed;

    /// <summary>Requests received since the start (also those no longer kept).</summary>
    public long ReceivedCount
    {
        get
        {
            lock (_gate)
            {
                return _received;
            }
        }
    }

    /// <summary>The kept requests, newest first.</summary>
    public IReadOnlyList<DemoRequest> Recent()
    {
        lock (_gate)
        {
            var newestFirst = new List<DemoRequest>(_requests);
            newestFirst.Reverse();
            return newestFirst;
        }
    }

    /// <summary>Records an arrival with its (first) answer; returns the record.</summary>
    public DemoRequest Add(string method, string path, IReadOnlyList<KeyValuePair<string, string>> headers, string body, string? eventSummary, DemoAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(body);
        var cut = body.Length > MaxBodyChars;
        DemoRequest request;
        lock (_gate)
        {
            _received++;
            request = new DemoRequest(_received, time.GetUtcNow(), method, path, headers, cut ? body[..MaxBodyChars] : body, cut, eventSummary, answer);
            if (_requests.Count == Capacity)
            {
                _requests.RemoveAt(0);
            }
            _requests.Add(request);
        }
        logger.LogInformation("Demo receiver: {Method} {Path} ({Event}): {Answer}", method, path, eventSummary ?? "no event", answer.Text);
        Changed?.Invoke(this, EventArgs.Empty);
        return request;
    }

    /// <summary>Changes the answer of a kept request (the slow route answers, or its caller hangs up).</summary>
    public void SetAnswer(long number, DemoAnswer answer)
    {
        lock (_gate)
        {
            var index = _requests.FindIndex(r => r.Number == number);
            if (index < 0)
            {
                return;
            }
            _requests[index] = _requests[index] with { Answer = answer };
        }
        logger.LogInformation("Demo receiver: request {Number}: {Answer}", number, answer.Text);
        Changed?.Invoke(this, EventArgs.Empty);
    }

    public void Clear()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
        Changed?.Invoke(this, EventArgs.Empty);
    }
}
