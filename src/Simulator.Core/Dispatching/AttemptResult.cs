using Simulator.Core.Domain;

namespace Simulator.Core.Dispatching;

public enum AttemptResultKind
{
    /// <summary>The endpoint answered 2xx.</summary>
    Succeeded,

    /// <summary>Anything else: the retry schedule decides what comes next.</summary>
    Failed,

    /// <summary>Nothing was sent: the delivery is no longer pending or its endpoint is gone or disabled.</summary>
    Stopped,
}

/// <summary>What one turn of a delivery came to.</summary>
public sealed record AttemptResult(AttemptResultKind Kind, AttemptOutcome? Outcome)
{
    public static AttemptResult Stopped { get; } = new(AttemptResultKind.Stopped, null);
}
