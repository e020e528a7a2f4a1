namespace Simulator.Core.Domain;

/// <summary>
/// One event on its way to one endpoint: a durable job with a status, an attempt count, the time
/// of its next attempt and the append-only history of its attempts.
/// </summary>
public sealed class Delivery
{
    private readonly List<DeliveryAttempt> _attempts = [];

    private Delivery()
    {
        EventType = string.Empty;
    }

    public Delivery(WebhookEvent webhookEvent, WebhookEndpoint endpoint, DateTimeOffset now)
        : this()
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        ArgumentNullException.ThrowIfNull(endpoint);
        Event = webhookEvent;
        EventId = webhookEvent.Id;
        EndpointId = endpoint.Id;
        EventType = webhookEvent.Type;
        IsTest = webhookEvent.IsTest;
        Status = DeliveryStatus.Pending;
        CreatedAt = now;
        NextAttemptAt = now;
    }

    public long Id { get; private set; }

    public long EventId { get; private set; }

    public WebhookEvent? Event { get; private set; }

    public int EndpointId { get; private set; }

    public string EventType { get; private set; }

    public bool IsTest { get; private set; }

    public DeliveryStatus Status { get; private set; }

    public int AttemptCount { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? FirstAttemptAt { get; private set; }

    public DateTimeOffset? NextAttemptAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public IReadOnlyList<DeliveryAttempt> Attempts => _attempts;

    public bool IsPending => Status == DeliveryStatus.Pending;

    /// <summary>Lets go of the event (and its body) once saved, so a waiting delivery stays small.</summary>
    internal void ReleaseEvent() => Event = null;

    /// <summary>
    /// Records that attempt N starts now, before the request goes out: whatever a receiver may get
    /// is in the log, and a number is never used twice. A pending delivery has no next attempt
    /// while one is in flight.
    /// </summary>
    public DeliveryAttempt BeginAttempt(DateTimeOffset startedAt, string url)
    {
        var attempt = new DeliveryAttempt(Id, AttemptCount + 1, startedAt, url);
        AttemptCount = attempt.Number;
        FirstAttemptAt ??= startedAt;
        NextAttemptAt = null;
        _attempts.Add(attempt);
        return attempt;
    }

    /// <summary>
    /// The transition: what an attempt's outcome means for the delivery. A 2xx ends it as
    /// succeeded (whatever it was); a failure of a pending delivery schedules the next attempt at
    /// <paramref name="retryAt"/>, or fails it when there is none, or cancels it when its endpoint is
    /// gone or disabled (<paramref name="endpointStopped"/>); a failed send-again of a finished
    /// delivery changes nothing else.
    /// </summary>
    public DeliveryTransition CompleteAttempt(DeliveryAttempt attempt, AttemptOutcome outcome, DateTimeOffset now, DateTimeOffset? retryAt, bool endpointStopped = false)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(outcome);
        if (attempt.DeliveryId != Id || !attempt.IsInFlight)
        {
            throw new DomainRuleException("Attempt is not in flight", $"Attempt {attempt.Number} of delivery {Id} is not in flight.");
        }
        attempt.Complete(outcome);
        if (outcome.Succeeded)
        {
            Status = DeliveryStatus.Succeeded;
            NextAttemptAt = null;
            CompletedAt = attempt.StartedAt;
            return DeliveryTransition.Succeeded;
        }
        if (!IsPending)
        {
            return DeliveryTransition.Unchanged;
        }
        if (endpointStopped)
        {
            Cancel(now);
            return DeliveryTransition.Stopped;
        }
        if (retryAt is { } at)
        {
            NextAttemptAt = at;
            return DeliveryTransition.RetryScheduled;
        }
        Status = DeliveryStatus.Failed;
        NextAttemptAt = null;
        CompletedAt = now;
        return DeliveryTransition.Failed;
    }

    public void ScheduleNextAttempt(DateTimeOffset at)
    {
        if (!IsPending)
        {
            throw new DomainRuleException("Delivery is not pending", $"Delivery {Id} is {Status.ToString().ToLowerInvariant()}; only a pending delivery has a next attempt.");
        }
        NextAttemptAt = at;
    }

    /// <summary>The retry window is exhausted: no more attempts.</summary>
    public void MarkFailed(DateTimeOffset now)
    {
        if (!IsPending)
        {
            throw new DomainRuleException("Delivery is not pending", $"Delivery {Id} is already {Status.ToString().ToLowerInvariant()}.");
        }
        Status = DeliveryStatus.Failed;
        NextAttemptAt = null;
        CompletedAt = now;
    }

    /// <summary>Stops retrying ("remove retries earlier"), or its endpoint is gone or disabled.</summary>
    public void Cancel(DateTimeOffset now)
    {
        if (!IsPending)
        {
            throw new DomainRuleException("Delivery is not pending", $"Delivery {Id} is already {Status.ToString().ToLowerInvariant()}; only a pending delivery can be stopped.");
        }
        Status = DeliveryStatus.Cancelled;
        NextAttemptAt = null;
        CompletedAt = now;
    }
}
