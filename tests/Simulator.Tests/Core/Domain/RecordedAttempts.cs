using Simulator.Core.Domain;

namespace Simulator.Tests.Core.Domain;

/// <summary>An attempt begun and completed in one step, for tests about what outcomes do to a delivery.</summary>
internal static class RecordedAttempts
{
    public const string Url = "https://example.com/hooks";

    /// <summary>Begins an attempt at <paramref name="at"/> and completes it; a failure of a pending delivery is retried 5 s later.</summary>
    public static DeliveryAttempt RecordAttempt(this Delivery delivery, DateTimeOffset at, AttemptOutcome outcome)
    {
        var attempt = delivery.BeginAttempt(at, Url);
        delivery.CompleteAttempt(attempt, outcome, at, retryAt: at.AddSeconds(5));
        return attempt;
    }
}
