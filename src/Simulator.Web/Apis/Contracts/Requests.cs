using System.Text.Json;
using System.Text.Json.Serialization;

namespace Simulator.Web.Apis.Contracts;

/// <summary>Create a webhook endpoint; it always starts inactive.</summary>
public sealed record CreateEndpointRequest(string? Url, string? ContactEmail, IReadOnlyList<string>? EnabledEvents, string? Description);

/// <summary>Change a webhook endpoint; members left out stay as they are.</summary>
public sealed record UpdateEndpointRequest(string? Url, string? ContactEmail, IReadOnlyList<string>? EnabledEvents, string? Description);

/// <summary>
/// Send a test of any event type: the last saved note, or <c>object</c> (a complete SOAP note in the
/// payload's shape, sent as given, not saved), or <c>fixture</c> (<c>reference_example</c>: the
/// documentation's own example).
/// </summary>
public sealed record TestSendRequest(string? EventType, [property: JsonPropertyName("object")] JsonElement? Note = null, string? Fixture = null);

/// <summary>Send again now every failed or cancelled live delivery whose event was raised at or after <c>since</c>.</summary>
public sealed record RecoverRequest(DateTimeOffset? Since);

/// <summary>Change an endpoint's fault lab; members left out keep their value.</summary>
public sealed record FaultsRequest(double? DuplicateRate, double? ConcurrentDuplicateRate, double? ReorderRate, int? Seed);

/// <summary>Check a receiver at this URL (README.md, "Check a receiver").</summary>
public sealed record StartReceiverCheckRequest(string? Url);

public sealed record ChangePlanRequest(string? Plan);

public sealed record SetClockRequest(double? Speed);

public sealed record AdvanceClockRequest(double? Seconds);

/// <summary>
/// A SOAP note's fields: every field of the object but the ids the store assigns (the note's and
/// the prescriptions' <c>id</c>); any left out is generated (create) or unchanged (update).
/// </summary>
public sealed record SoapNoteRequest(
    string? ClientExternalRef,
    int? ClientId,
    DateTimeOffset? CreatedAt,
    string? CreatedBy,
    IReadOnlyList<ExercisePrescriptionRequest?>? ExercisePrescriptions,
    string? Name,
    IReadOnlyList<ProductPrescriptionRequest?>? ProductPrescriptions,
    string? Recommendations,
    DateTimeOffset? SeenAt,
    string? State,
    DateTimeOffset? UpdatedAt)
{
    /// <summary>Members that are no field of the request (an <c>id</c> included): refused, each named.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; init; }
}

public sealed record ExercisePrescriptionRequest(
    string? ExerciseExternalRef,
    int? ExerciseId,
    string? HoldFor,
    string? Instructions,
    string? Name,
    int? Reps,
    string? RestTime,
    int? Sets,
    int? TimesPerDay,
    int? TimesPerWeek,
    string? Tools)
{
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; init; }
}

public sealed record ProductPrescriptionRequest(string? Name, string? ProductExternalRef, int? ProductId)
{
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; init; }
}
