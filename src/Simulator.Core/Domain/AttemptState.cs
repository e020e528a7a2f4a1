namespace Simulator.Core.Domain;

public enum AttemptState
{
    /// <summary>Recorded as started; the request is (or may be) on its way.</summary>
    InFlight,

    /// <summary>The outcome is known: an answer, a timeout or a connection error.</summary>
    Completed,

    /// <summary>The simulator stopped while it was in flight: the outcome is unknown.</summary>
    Interrupted,
}
