namespace Simulator.Bench;

/// <summary>
/// What a receiver's test suite pays per test, in wall milliseconds: a <c>SimulatorHost</c> from
/// <c>StartAsync</c> to ready, one 12-hour failing story through <c>AdvanceAsync</c>, and the
/// published app from its start to a healthy <c>/healthz</c> (when the bench was given it).
/// </summary>
public sealed record UserResult(
    IReadOnlyList<double> HostStartMs,
    IReadOnlyList<double> StoryMs,
    string StorySeen,
    IReadOnlyList<double> PublishedStartMs);
