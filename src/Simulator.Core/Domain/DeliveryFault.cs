namespace Simulator.Core.Domain;

/// <summary>
/// What the fault lab did to a delivery on purpose (<see cref="FaultSettings"/>): the real service
/// causes these only now and then; the simulator causes them when asked, so that a receiver can be
/// proven idempotent and order-independent.
/// </summary>
public enum DeliveryFault
{
    /// <summary>A copy of a delivery that succeeded: the identical bytes once more, a little later.</summary>
    Duplicate,

    /// <summary>A copy whose first attempt went out at the same moment as the original's, on another connection.</summary>
    ConcurrentDuplicate,

    /// <summary>The delivery itself, held back so that later events to the same endpoint could overtake it.</summary>
    Reordered,
}

public static class DeliveryFaultNames
{
    /// <summary>The fault's name in the API and on the page: <c>duplicate</c>, <c>concurrent_duplicate</c>, <c>reordered</c>.</summary>
    public static string Name(this DeliveryFault fault) => fault switch
    {
        DeliveryFault.Duplicate => "duplicate",
        DeliveryFault.ConcurrentDuplicate => "concurrent_duplicate",
        DeliveryFault.Reordered => "reordered",
        _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, null),
    };
}
