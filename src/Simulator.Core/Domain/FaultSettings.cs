using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Simulator.Core.Domain;

/// <summary>
/// An endpoint's fault lab: how often its deliveries get each <see cref="DeliveryFault"/> (0 never,
/// 1 always) and the seed of the draws. Off by default. A draw is a pure function of (seed,
/// endpoint id, event id): the same seed and the same actions on a fresh store give the same
/// faults, and a restart changes nothing.
/// </summary>
public sealed record FaultSettings
{
    /// <summary>The seed an endpoint starts with (the simulator's own <c>Simulator:Seed</c> default).</summary>
    public const int DefaultSeed = 438;

    /// <summary>The shortest and the longest hold-back or wait before a duplicate, in simulated time.</summary>
    public static readonly TimeSpan MinDelay = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(5);

    public static FaultSettings Off { get; } = new();

    public double DuplicateRate { get; init; }

    public double ConcurrentDuplicateRate { get; init; }

    public double ReorderRate { get; init; }

    public int Seed { get; init; } = DefaultSeed;

    public bool IsOn => DuplicateRate > 0 || ConcurrentDuplicateRate > 0 || ReorderRate > 0;

    /// <summary>
    /// Settings with the given values changed (null keeps the current one); throws
    /// <see cref="DomainValidationException"/> naming every rate outside 0..1.
    /// </summary>
    public FaultSettings With(double? duplicateRate, double? concurrentDuplicateRate, double? reorderRate, int? seed)
    {
        var errors = new Dictionary<string, List<string>>();
        Check("duplicate_rate", duplicateRate, errors);
        Check("concurrent_duplicate_rate", concurrentDuplicateRate, errors);
        Check("reorder_rate", reorderRate, errors);
        DomainValidationException.ThrowIfAny(errors);
        return new FaultSettings
        {
            DuplicateRate = duplicateRate ?? DuplicateRate,
            ConcurrentDuplicateRate = concurrentDuplicateRate ?? ConcurrentDuplicateRate,
            ReorderRate = reorderRate ?? ReorderRate,
            Seed = seed ?? Seed,
        };
    }

    /// <summary>What the lab does to the event <paramref name="eventId"/> at the endpoint <paramref name="endpointId"/>.</summary>
    public FaultDraw Draw(int endpointId, long eventId) => new(
        Duplicate: Roll(endpointId, eventId, DeliveryFault.Duplicate, 0) < DuplicateRate,
        DuplicateDelay: Delay(endpointId, eventId, DeliveryFault.Duplicate),
        ConcurrentDuplicate: Roll(endpointId, eventId, DeliveryFault.ConcurrentDuplicate, 0) < ConcurrentDuplicateRate,
        Reordered: Roll(endpointId, eventId, DeliveryFault.Reordered, 0) < ReorderRate,
        ReorderDelay: Delay(endpointId, eventId, DeliveryFault.Reordered));

    private static void Check(string field, double? rate, Dictionary<string, List<string>> errors)
    {
        if (rate is { } value && !(value >= 0 && value <= 1))
        {
            errors[field] = [$"A rate is a number from 0 (never) to 1 (every delivery); {value} is not."];
        }
    }

    private TimeSpan Delay(int endpointId, long eventId, DeliveryFault fault)
    {
        var span = (MaxDelay - MinDelay).TotalMilliseconds;
        return MinDelay + TimeSpan.FromMilliseconds(Math.Floor(Roll(endpointId, eventId, fault, 1) * (span + 1)));
    }

    /// <summary>A uniform number in [0, 1) from a hash of the inputs: stable across processes and versions.</summary>
    private double Roll(int endpointId, long eventId, DeliveryFault fault, int purpose)
    {
        Span<byte> input = stackalloc byte[24];
        BinaryPrimitives.WriteInt32LittleEndian(input, Seed);
        BinaryPrimitives.WriteInt32LittleEndian(input[4..], endpointId);
        BinaryPrimitives.WriteInt64LittleEndian(input[8..], eventId);
        BinaryPrimitives.WriteInt32LittleEndian(input[16..], (int)fault);
        BinaryPrimitives.WriteInt32LittleEndian(input[20..], purpose);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input, hash);
        return (BinaryPrimitives.ReadUInt64LittleEndian(hash) >> 11) * (1.0 / (1UL << 53));
    }
}

/// <summary>One draw of the fault lab for an (endpoint, event): which faults, and their delays.</summary>
public sealed record FaultDraw(bool Duplicate, TimeSpan DuplicateDelay, bool ConcurrentDuplicate, bool Reordered, TimeSpan ReorderDelay);
