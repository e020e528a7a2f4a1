namespace Simulator.Web.Apis.Contracts;

/// <summary>Create a webhook endpoint; it always starts inactive.</summary>
public sealed record CreateEndpointRequest(string? Url, string? ContactEmail, IReadOnlyList<string>? EnabledEvents, string? Description);

/// <summary>Change a webhook endpoint; members left out stay as they are.</summary>
public sealed record UpdateEndpointRequest(string? Url, string? ContactEmail, IReadOnlyList<string>? EnabledEvents, string? Description);

/// <summary>Send a test of any event type.</summary>
public sealed record TestSendRequest(string? EventType);

/// <summary>Change an endpoint's fault lab; members left out keep their value.</summary>
public sealed record FaultsRequest(double? DuplicateRate, double? ConcurrentDuplicateRate, double? ReorderRate, int? Seed);

/// <summary>Check a receiver at this URL (README.md, "Check a receiver").</summary>
public sealed record StartReceiverCheckRequest(string? Url);

public sealed record ChangePlanRequest(string? Plan);

public sealed record SetClockRequest(double? Speed);

public sealed record AdvanceClockRequest(double? Seconds);

/// <summary>A SOAP note's fields; any left out is generated (create) or unchanged (update).</summary>
public sealed record SoapNoteRequest(
    int? ClientId,
    string? Name,
    string? Recommendations,
    DateTimeOffset? SeenAt,
    string? State,
    IReadOnlyList<ExercisePrescriptionRequest>? ExercisePrescriptions,
    IReadOnlyList<ProductPrescriptionRequest>? ProductPrescriptions);

public sealed record ExercisePrescriptionRequest(
    int? ExerciseId,
    string? HoldFor,
    string? Instructions,
    int? Reps,
    string? RestTime,
    int? Sets,
    int? TimesPerDay,
    int? TimesPerWeek);

public sealed record ProductPrescriptionRequest(int? ProductId);
