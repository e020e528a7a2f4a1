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

    /// <summary>
    /// The row's version, raised by every save that changes it: a change decided on a copy read
    /// before another one was saved (the dispatcher starting an attempt, an endpoint's delete
    /// cancelling its waiting deliveries) is refused by the store instead of overwriting it.
    /// </summary>
    public int Version { get; private set; }

    /// <summary>
    /// A copy the fault lab sends on purpose (<see cref="DeliveryFault.Duplicate"/> or
    /// <see cref="DeliveryFault.ConcurrentDuplicate"/>): the same event, so the identical bytes, as a
    /// delivery of its own with its own attempts and failure rules. Only a live delivery that is not
    /// itself a copy is copied.
    /// </summary>
    public static Delivery CopyOf(Delivery original, DeliveryFault fault, DateTimeOffset now, DateTimeOffset firstAttemptAt)
    {
        ArgumentNullException.ThrowIfNull(original);
        if (fault == DeliveryFault.Reordered)
        {
            throw new ArgumentOutOfRangeException(nameof(fault), fault, "A reordered delivery is held back, not copied.");
        }
        if (original.IsTest || original.IsCopy || original.Id == 0)
        {
            throw new DomainRuleException("Not copied", $"Delivery {original.Id} is a test, a copy or not saved: the fault lab copies only saved live deliveries.");
        }
        return new Delivery
        {
            EventId = original.EventId,
            EndpointId = original.EndpointId,
            EventType = original.EventType,
            Status = DeliveryStatus.Pending,
            CreatedAt = now,
            NextAttemptAt = firstAttemptAt,
            Fault = fault,
            DuplicateOfId = original.Id,
        };
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

    /// <summary>What the fault lab did to this delivery, if anything.</summary>
    public DeliveryFault? Fault { get; private set; }

    /// <summary>The delivery this one copies (a duplicate or a concurrent duplicate).</summary>
    public long? DuplicateOfId { get; private set; }

    /// <summary>An injected copy: it never gets faults of its own and does not count toward its event's status.</summary>
    public bool IsCopy => DuplicateOfId is not null;

    public bool IsPending => Status == DeliveryStatus.Pending;

    public DeliveryKind Kind => IsTest ? DeliveryKind.Test : IsCopy ? DeliveryKind.Copy : DeliveryKind.Live;

    /// <summary>Whether a failed attempt is followed by another by the schedule (not for a test send).</summary>
    public bool Retries => Kind != DeliveryKind.Test;

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

    /// <summary>
    /// The fault lab holds a live delivery back before its first attempt, so that later events to
    /// the same endpoint can overtake it.
    /// </summary>
    public void HoldBack(DateTimeOffset until)
    {
        if (!IsPending || AttemptCount > 0 || IsTest || IsCopy || Fault is not null)
        {
            throw new DomainRuleException("Not held back", $"Delivery {Id} is not a live delivery waiting for its first attempt.");
        }
        Fault = DeliveryFault.Reordered;
        NextAttemptAt = until;
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
