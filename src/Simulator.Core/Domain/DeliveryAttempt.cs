namespace Simulator.Core.Domain;

/// <summary>One POST of an event to an endpoint; attempts are only ever appended.</summary>
public sealed class DeliveryAttempt
{
    public const int MaxResponseBodyLength = 4096;

    private DeliveryAttempt()
    {
        ResponseBody = string.Empty;
    }

    internal DeliveryAttempt(long deliveryId, int number, DateTimeOffset startedAt, AttemptOutcome outcome)
        : this()
    {
        DeliveryId = deliveryId;
        Number = number;
        StartedAt = startedAt;
        DurationMs = outcome.DurationMs;
        StatusCode = outcome.StatusCode;
        Error = outcome.Error;
        ResponseBody = outcome.ResponseBody.Length > MaxResponseBodyLength ? outcome.ResponseBody[..MaxResponseBodyLength] : outcome.ResponseBody;
        Succeeded = outcome.Succeeded;
    }

    public long Id { get; private set; }

    public long DeliveryId { get; private set; }

    public int Number { get; private set; }

    /// <summary>Simulated time the attempt began.</summary>
    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>Real time the attempt took.</summary>
    public long DurationMs { get; private set; }

    public int? StatusCode { get; private set; }

    /// <summary>Plain words for a failure without a 2xx ("timed out after 10 s", "connection refused", "HTTP 500").</summary>
    public string? Error { get; private set; }

    public string ResponseBody { get; private set; }

    public bool Succeeded { get; private set; }
}
