namespace Simulator.Core.Domain;

/// <summary>What an attempt's outcome did to its delivery.</summary>
public enum DeliveryTransition
{
    Succeeded,
    RetryScheduled,
    Failed,

    /// <summary>The endpoint is gone or disabled: the delivery is cancelled instead of retried.</summary>
    Stopped,

    /// <summary>A failed send-again of a delivery that had already finished.</summary>
    Unchanged,
}
