namespace Simulator.Core.Domain;

/// <summary>One POST of an event to an endpoint; attempts are only ever appended.</summary>
public sealed class DeliveryAttempt
{
    public const int MaxResponseBodyLength = 4096;
    public const int MaxErrorLength = 500;

    private DeliveryAttempt()
    {
        ResponseBody = string.Empty;
    }

    internal DeliveryAttempt(long deliveryId, int number, DateTimeOffset startedAt, string url)
        : this()
    {
        DeliveryId = deliveryId;
        Number = number;
        StartedAt = startedAt;
        Url = url;
        State = AttemptState.InFlight;
    }

    public long Id { get; private set; }

    public long DeliveryId { get; private set; }

    public int Number { get; private set; }

    /// <summary>Where the attempt was sent (the endpoint's URL then; kept when it changes later).</summary>
    public string Url { get; private set; } = string.Empty;

    public AttemptState State { get; private set; }

    public bool IsInFlight => State == AttemptState.InFlight;

    /// <summary>Simulated time the attempt began.</summary>
    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>Real time the attempt took.</summary>
    public long DurationMs { get; private set; }

    public int? StatusCode { get; private set; }

    /// <summary>Plain words for a failure without a 2xx ("timed out after 10 s", "connection refused", "HTTP 500").</summary>
    public string? Error { get; private set; }

    public string ResponseBody { get; private set; }

    public bool Succeeded { get; private set; }

    internal void Complete(AttemptOutcome outcome)
    {
        State = outcome == AttemptOutcome.Interrupted ? AttemptState.Interrupted : AttemptState.Completed;
        DurationMs = outcome.DurationMs;
        StatusCode = outcome.StatusCode;
        Error = outcome.Error is { Length: > MaxErrorLength } error ? error[..MaxErrorLength] : outcome.Error;
        ResponseBody = outcome.ResponseBody.Length > MaxResponseBodyLength ? outcome.ResponseBody[..MaxResponseBodyLength] : outcome.ResponseBody;
        Succeeded = outcome.Succeeded;
    }
}
