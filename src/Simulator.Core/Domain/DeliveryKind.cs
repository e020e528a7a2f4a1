namespace Simulator.Core.Domain;

/// <summary>What a delivery is for, which decides how its attempts end.</summary>
public enum DeliveryKind
{
    /// <summary>An event raised by a save, owed to a subscribed endpoint: retried by the schedule, counts toward the event's status.</summary>
    Live,

    /// <summary>"Send test": one attempt, now, never retried, never the fault lab's.</summary>
    Test,

    /// <summary>The fault lab's copy of a live delivery: retried like one, never copied again, not counted.</summary>
    Copy,
}
