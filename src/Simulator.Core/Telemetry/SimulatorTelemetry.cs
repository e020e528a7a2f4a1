using System.Diagnostics;
using System.Diagnostics.Metrics;
using Simulator.Core.Domain;

namespace Simulator.Core.Telemetry;

/// <summary>
/// The simulator's own traces and metrics, under one name (<see cref="Name"/>) for both the
/// <see cref="ActivitySource"/> and the <see cref="Meter"/>: a span per delivery attempt, attempts by
/// outcome, deliveries waiting, queue lag, e-mails. Nothing here costs more than a null check while
/// no listener (OpenTelemetry, <c>dotnet-counters</c>, a test) is attached.
/// </summary>
public sealed class SimulatorTelemetry : IDisposable
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "Simulator";

    /// <summary>The span of one delivery attempt: from the POST to its outcome being saved.</summary>
    public const string AttemptSpan = "webhook.attempt";

    public const string AttemptsMetric = "simulator.webhook.attempts";
    public const string AttemptDurationMetric = "simulator.webhook.attempt.duration";
    public const string WaitingMetric = "simulator.webhook.deliveries.waiting";
    public const string QueueLagMetric = "simulator.webhook.queue.lag";
    public const string EmailsMetric = "simulator.emails";

    // tags (attributes), OpenTelemetry's semantic names where one exists
    public const string EndpointIdTag = "webhook.endpoint.id";
    public const string EventIdTag = "webhook.event.id";
    public const string EventTypeTag = "webhook.event.type";
    public const string DeliveryIdTag = "webhook.delivery.id";
    public const string TestTag = "webhook.delivery.test";
    public const string AttemptNumberTag = "webhook.attempt.number";
    public const string OutcomeTag = "webhook.attempt.outcome";
    public const string TransitionTag = "webhook.delivery.transition";
    public const string StatusCodeTag = "http.response.status_code";
    public const string UrlTag = "url.full";
    public const string EmailKindTag = "email.kind";
    public const string EmailOutcomeTag = "email.outcome";

    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Sent = "sent";

    private static readonly ActivitySource Source = new(Name);

    private readonly Meter _meter;
    private readonly Counter<long> _attempts;
    private readonly Histogram<double> _attemptDuration;
    private readonly Histogram<double> _queueLag;
    private readonly Counter<long> _emails;

    /// <param name="waitingDeliveries">how many deliveries wait for a next attempt (the due queue's size), read when the gauge is collected</param>
    public SimulatorTelemetry(IMeterFactory meterFactory, Func<int> waitingDeliveries)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(waitingDeliveries);
        _meter = meterFactory.Create(Name);
        _attempts = _meter.CreateCounter<long>(AttemptsMetric, "{attempt}", "Delivery attempts made, by outcome (succeeded: a 2xx; failed: anything else)");
        _attemptDuration = _meter.CreateHistogram(AttemptDurationMetric, "s",
            "Real time from the POST to the answer (or the error) of one attempt",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _queueLag = _meter.CreateHistogram(QueueLagMetric, "s",
            "Simulated seconds between an attempt's due time and its start (0 when it started on time; more after a restart or while its endpoint's slots were taken)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0, 1, 5, 15, 60, 300, 900, 3600, 21600, 43200] });
        _meter.CreateObservableGauge(WaitingMetric, waitingDeliveries, "{delivery}", "Deliveries waiting for their next attempt (the dispatcher's due queue)");
        _emails = _meter.CreateCounter<long>(EmailsMetric, "{email}", "E-mails tried over SMTP, by outcome (sent, failed)");
    }

    /// <summary>Starts the span of a delivery's attempt (null while nobody listens); dispose it when the outcome is saved.</summary>
    public AttemptTrace StartAttempt(Delivery delivery, int number, string url)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var activity = Source.StartActivity(AttemptSpan, ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(EndpointIdTag, delivery.EndpointId);
            activity.SetTag(EventIdTag, delivery.EventId);
            activity.SetTag(EventTypeTag, delivery.EventType);
            activity.SetTag(DeliveryIdTag, delivery.Id);
            activity.SetTag(TestTag, delivery.IsTest);
            activity.SetTag(AttemptNumberTag, number);
            activity.SetTag(UrlTag, UrlRedaction.Redact(url));
        }
        return new AttemptTrace(this, activity, delivery.EventType);
    }

    /// <summary>An attempt started at <paramref name="startedAt"/> that was due at <paramref name="due"/> (none: sent by hand, not by the schedule).</summary>
    public void AttemptStarted(DateTimeOffset? due, DateTimeOffset startedAt)
    {
        if (due is { } at && at <= startedAt)
        {
            _queueLag.Record((startedAt - at).TotalSeconds);
        }
    }

    public void EmailSent(EmailKind kind) => _emails.Add(1, new(EmailOutcomeTag, Sent), new(EmailKindTag, KindName(kind)));

    public void EmailFailed(EmailKind kind) => _emails.Add(1, new(EmailOutcomeTag, Failed), new(EmailKindTag, KindName(kind)));

    public void Dispose() => _meter.Dispose();

    internal void Count(AttemptOutcome outcome, string eventType)
    {
        var tags = new TagList
        {
            { OutcomeTag, outcome.Succeeded ? Succeeded : Failed },
            { EventTypeTag, eventType },
        };
        if (outcome.StatusCode is { } status)
        {
            tags.Add(StatusCodeTag, status);
        }
        _attempts.Add(1, tags);
        _attemptDuration.Record(outcome.DurationMs / 1000.0, tags);
    }

    private static string KindName(EmailKind kind) => kind switch
    {
        EmailKind.EndpointFailing => "endpoint_failing",
        EmailKind.EndpointDisabled => "endpoint_disabled",
        _ => kind.ToString(),
    };
}
