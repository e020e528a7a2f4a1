using System.Diagnostics;
using Simulator.Core.Domain;

namespace Simulator.Core.Telemetry;

/// <summary>
/// One attempt as telemetry: the span (when someone listens) and, once it is answered, the attempt
/// counted by outcome. Disposed without <see cref="Saved"/>, the span ends as an error: the attempt
/// was cut short or its outcome could not be saved.
/// </summary>
public sealed class AttemptTrace : IDisposable
{
    private readonly SimulatorTelemetry _telemetry;
    private readonly Activity? _activity;
    private readonly string _eventType;
    private bool _answered;
    private bool _saved;

    internal AttemptTrace(SimulatorTelemetry telemetry, Activity? activity, string eventType)
    {
        _telemetry = telemetry;
        _activity = activity;
        _eventType = eventType;
    }

    /// <summary>The POST is over: counts the attempt and tags the span with its outcome.</summary>
    public void Answered(AttemptOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        _answered = true;
        _telemetry.Count(outcome, _eventType);
        if (_activity is null)
        {
            return;
        }
        _activity.SetTag(SimulatorTelemetry.OutcomeTag, outcome.Succeeded ? SimulatorTelemetry.Succeeded : SimulatorTelemetry.Failed);
        if (outcome.StatusCode is { } status)
        {
            _activity.SetTag(SimulatorTelemetry.StatusCodeTag, status);
        }
        if (!outcome.Succeeded)
        {
            _activity.SetStatus(ActivityStatusCode.Error, outcome.Summary);
        }
    }

    /// <summary>The outcome is saved, with what it did to the delivery (retry scheduled, failed, ...).</summary>
    public void Saved(DeliveryTransition transition)
    {
        _saved = true;
        _activity?.SetTag(SimulatorTelemetry.TransitionTag, transition switch
        {
            DeliveryTransition.Succeeded => "succeeded",
            DeliveryTransition.RetryScheduled => "retry_scheduled",
            DeliveryTransition.Failed => "failed",
            DeliveryTransition.Stopped => "stopped",
            _ => "unchanged",
        });
    }

    public void Dispose()
    {
        if (_activity is null)
        {
            return;
        }
        if (!_saved)
        {
            _activity.SetStatus(ActivityStatusCode.Error, _answered ? "the outcome could not be saved" : "the attempt was cut short");
        }
        _activity.Dispose();
    }
}
