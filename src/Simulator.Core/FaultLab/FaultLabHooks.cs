using Simulator.Core.Domain;

namespace Simulator.Core.FaultLab;

/// <summary>
/// The fault lab, called by the attempt path at two named points, the way Hangfire's filters see
/// state changes: before a live delivery's first attempt (hold it back so later events overtake
/// it, or send a copy beside it now) and after a live delivery succeeds (send a copy later). A
/// draw is a function of (seed, endpoint, event), so it is the same every time it is made. Test
/// sends and copies get no faults.
/// </summary>
public sealed class FaultLabHooks
{
    /// <summary>What the lab does to a live delivery whose first attempt is due at <paramref name="at"/>.</summary>
    public FirstAttemptFault BeforeFirstAttempt(Delivery delivery, FaultSettings faults, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(faults);
        if (!faults.IsOn || delivery is not { Kind: DeliveryKind.Live, AttemptCount: 0 })
        {
            return FirstAttemptFault.None;
        }
        var draw = faults.Draw(delivery.EndpointId, delivery.EventId);
        if (draw.Reordered && delivery.Fault is null && delivery.CreatedAt + draw.ReorderDelay > at)
        {
            return new FirstAttemptFault(HoldBackUntil: delivery.CreatedAt + draw.ReorderDelay, CopyNow: false);
        }
        return new FirstAttemptFault(HoldBackUntil: null, CopyNow: draw.ConcurrentDuplicate);
    }

    /// <summary>The copy sent at once beside the first attempt (it starts in the same transaction).</summary>
    public Delivery ConcurrentCopy(Delivery delivery, DateTimeOffset at) => Delivery.CopyOf(delivery, DeliveryFault.ConcurrentDuplicate, at, at);

    /// <summary>A live delivery just succeeded: the copy the lab sends later, to add to the outcome's unit of work, or null.</summary>
    public Delivery? AfterSuccess(Delivery delivery, FaultSettings? faults, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return delivery.Kind == DeliveryKind.Live && faults is { IsOn: true } && faults.Draw(delivery.EndpointId, delivery.EventId) is { Duplicate: true } draw
            ? Delivery.CopyOf(delivery, DeliveryFault.Duplicate, now, now + draw.DuplicateDelay)
            : null;
    }
}

/// <summary>The lab's decision before a first attempt: hold it back until a moment, send a copy with it, or neither.</summary>
public sealed record FirstAttemptFault(DateTimeOffset? HoldBackUntil, bool CopyNow)
{
    public static FirstAttemptFault None { get; } = new(null, false);
}
