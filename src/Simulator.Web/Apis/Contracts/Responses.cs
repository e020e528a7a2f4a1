using Simulator.Core.Domain;
using Simulator.Core.Webhooks;

namespace Simulator.Web.Apis.Contracts;

public sealed record AccountResponse(int Id, string PracticeName, string Plan, DateTimeOffset PlanChangedAt, bool WebhooksCanBeActivated)
{
    public static AccountResponse From(Account a) => new(a.Id, a.PracticeName, a.Plan.ToString(), a.PlanChangedAt, a.CanActivateWebhooks);
}

public sealed record UserResponse(int Id, string Name, string Email, string Role)
{
    public static UserResponse From(User u) => new(u.Id, u.Name, u.Email, u.Role.ToString());
}

public sealed record EndpointResponse(
    int Id,
    string Url,
    string Description,
    string ContactEmail,
    IReadOnlyList<string> EnabledEvents,
    string Status,
    string? StatusReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FailingSince,
    DateTimeOffset? DisableAt)
{
    public static EndpointResponse From(WebhookEndpoint e) => new(
        e.Id, e.Url, e.Description, e.ContactEmail, e.EnabledEvents, e.Status.ToString().ToLowerInvariant(),
        e.StatusReason, e.CreatedAt, e.UpdatedAt, e.FailingSince, e.DisableAt);
}

public sealed record AttemptResponse(int Number, string Url, DateTimeOffset StartedAt, long DurationMs, int? StatusCode, string? Error, string ResponseBody)
{
    public static AttemptResponse From(DeliveryAttempt a) => new(a.Number, a.Url, a.StartedAt, a.DurationMs, a.StatusCode, a.Error, a.ResponseBody);
}

public sealed record DeliveryResponse(
    long Id,
    long EventId,
    int EndpointId,
    string EventType,
    bool IsTest,
    string Status,
    int AttemptCount,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? CompletedAt,
    string? Fault,
    long? DuplicateOf,
    IReadOnlyList<AttemptResponse> Attempts)
{
    public static DeliveryResponse From(Delivery d) => new(
        d.Id, d.EventId, d.EndpointId, d.EventType, d.IsTest, d.Status.ToString().ToLowerInvariant(), d.AttemptCount,
        d.NextAttemptAt, d.CompletedAt, d.Fault?.Name(), d.DuplicateOfId, d.Attempts.OrderBy(a => a.Number).Select(AttemptResponse.From).ToList());
}

/// <summary>An endpoint's fault lab (section 5 of the contract).</summary>
public sealed record FaultsResponse(double DuplicateRate, double ConcurrentDuplicateRate, double ReorderRate, int Seed)
{
    public static FaultsResponse From(FaultSettings f) => new(f.DuplicateRate, f.ConcurrentDuplicateRate, f.ReorderRate, f.Seed);
}

public sealed record EventResponse(long Id, string Type, DateTimeOffset CreatedAt, int ObjectId, string Payload, string Status, bool IsTest)
{
    public static EventResponse From(EventSummary s) => new(
        s.Event.Id, s.Event.Type, s.Event.CreatedAt, s.Event.ObjectId, s.Event.Payload, s.Status.ToString().ToLowerInvariant(), s.Event.IsTest);
}

public sealed record EmailResponse(int Id, string To, string Subject, string Body, DateTimeOffset CreatedAt, DateTimeOffset? SentAt, string Status, string? LastError)
{
    public static EmailResponse From(OutboxEmail e) => new(
        e.Id, e.To, e.Subject, e.Body, e.CreatedAt, e.SentAt,
        e.Status switch { EmailStatus.OutboxOnly => "outbox_only", EmailStatus.GaveUp => "gave_up", var s => s.ToString().ToLowerInvariant() },
        e.LastError);
}

public sealed record ClockResponse(DateTimeOffset Now, double Speed, bool Paused, DateTimeOffset? NextAttemptAt);

/// <param name="Status"><c>ok</c>, <c>degraded</c> or <c>unhealthy</c></param>
/// <param name="Checks">each health check by name (<c>database</c>): <c>healthy</c>, <c>degraded</c> or <c>unhealthy</c></param>
public sealed record HealthResponse(string Status, DateTimeOffset Now, IReadOnlyDictionary<string, string> Checks);

/// <summary>A SOAP note exactly as <c>data.object</c> of its webhook.</summary>
public sealed record SoapNoteResponse(
    string ClientExternalRef,
    int ClientId,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    IReadOnlyList<ExercisePrescriptionResponse> ExercisePrescriptions,
    int Id,
    string Name,
    IReadOnlyList<ProductPrescriptionResponse> ProductPrescriptions,
    string Recommendations,
    DateTimeOffset SeenAt,
    string State,
    DateTimeOffset UpdatedAt)
{
    public static SoapNoteResponse From(SoapNote n) => new(
        n.ClientExternalRef, n.ClientId, n.CreatedAt, n.CreatedBy,
        n.ExercisePrescriptions.OrderBy(p => p.Id).Select(p => new ExercisePrescriptionResponse(
            p.ExerciseExternalRef, p.ExerciseId, p.HoldFor, p.Id, p.Instructions, p.Name, p.Reps, p.RestTime, p.Sets, p.TimesPerDay, p.TimesPerWeek, p.Tools)).ToList(),
        n.Id, n.Name,
        n.ProductPrescriptions.OrderBy(p => p.Id).Select(p => new ProductPrescriptionResponse(p.Name, p.ProductExternalRef, p.ProductId)).ToList(),
        n.Recommendations, n.SeenAt, n.State.ToString().ToLowerInvariant(), n.UpdatedAt);
}

public sealed record ExercisePrescriptionResponse(
    string ExerciseExternalRef, int ExerciseId, string HoldFor, int Id, string Instructions, string Name,
    int Reps, string RestTime, int Sets, int TimesPerDay, int TimesPerWeek, string Tools);

public sealed record ProductPrescriptionResponse(string Name, string ProductExternalRef, int ProductId);

/// <summary>What a recover started: how many deliveries are sent again, and which.</summary>
public sealed record RecoverResponse(int Recovered, IReadOnlyList<long> DeliveryIds);
