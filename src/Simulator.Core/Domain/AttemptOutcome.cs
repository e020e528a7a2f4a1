namespace Simulator.Core.Domain;

/// <summary>What one POST to an endpoint came to.</summary>
public sealed record AttemptOutcome(int? StatusCode, string? Error, string ResponseBody, long DurationMs)
{
    /// <summary>An attempt cut short by the simulator stopping (a crash or kill): the receiver may have got it.</summary>
    public static AttemptOutcome Interrupted { get; } = new(null, "interrupted: the simulator stopped while this attempt was in flight (the receiver may have received it)", string.Empty, 0);

    /// <summary>Only a 2xx answer counts as received.</summary>
    public bool Succeeded => StatusCode is >= 200 and <= 299 && Error is null;

    /// <summary>The status code, or the error, in a few words.</summary>
    public string Summary => Error ?? $"HTTP {StatusCode}";
}
