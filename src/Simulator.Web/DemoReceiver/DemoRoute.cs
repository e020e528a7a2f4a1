namespace Simulator.Web.DemoReceiver;

/// <summary>One URL of the demo receiver and how it answers.</summary>
public sealed record DemoRoute(string Name, string Answers)
{
    public const string BasePath = "/demo-receiver";

    public static DemoRoute Ok { get; } = new("ok", "200 OK, at once: the delivery succeeds.");

    public static DemoRoute Fail { get; } = new("fail", "500 Internal Server Error, always: retries run until the retry window ends, then the failure e-mail and disabling follow.");

    public static DemoRoute Flaky { get; } = new(
        "flaky",
        $"500 to the first {FlakyEvents.FailuresPerEvent} requests carrying the same body, then 200. Retries resend an event's exact body, so each event fails {FlakyEvents.FailuresPerEvent} times and succeeds on its attempt {FlakyEvents.FailuresPerEvent + 1}.");

    public static DemoRoute Slow { get; } = new("slow", "200 OK, but only after the attempt timeout (Simulator:Delivery:Timeout) plus 1 second of real time: the attempt times out.");

    public static DemoRoute Redirect { get; } = new("redirect", "302 Found to the ok route: redirects are never followed, so the attempt fails.");

    public static IReadOnlyList<DemoRoute> All { get; } = [Ok, Fail, Flaky, Slow, Redirect];

    /// <summary>The path on this server, e.g. <c>/demo-receiver/ok</c>.</summary>
    public string Path => $"{BasePath}/{Name}";
}
