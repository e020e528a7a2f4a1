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
    /// Appends the next attempt. A 2xx ends the delivery as succeeded (whatever it was); a failure
    /// leaves the status as it is: the retry schedule decides what comes next.
    /// </summary>
    public DeliveryAttempt RecordAttempt(DateTimeOffset startedAt, AttemptOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var attempt = new DeliveryAttempt(Id, AttemptCount + 1, startedAt, outcome);
        AttemptCount = attempt.Number;
        FirstAttemptAt ??= startedAt;
        _attempts.Add(attempt);
        if (outcome.Succeeded)
        {
            Status = DeliveryStatus.Succeeded;
            NextAttemptAt = null;
            CompletedAt = startedAt;
        }
        else if (IsPending)
        {
            NextAttemptAt = null;
        }
        return attempt;
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

    /// <summary>Stops retrying ("remove retries earlier").</summary>
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
