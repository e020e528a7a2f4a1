namespace Simulator.Web.DemoReceiver;

/// <summary>One URL of the demo receiver and how it answers.</summary>
public sealed record DemoRoute(string Name, string Answers)
{
    public const string BasePath = "/demo-receiver";

    public static DemoRoute Ok { get; } = new("ok", "200 OK, at once: the delivery succeeds.");

    public static DemoRoute Fail { get; } = new("fail", "500 Internal Server Error, always: retries run until the retry window ends, then the failure e-mail and disabling follow.");

    /// <summary>Requests with the same body that the flaky route answers 500 before the first 200.</summary>
    public const int FlakyFailuresPerEvent = 3;

    public static DemoRoute Flaky { get; } = new(
        "flaky",
        $"500 to the first {FlakyFailuresPerEvent} requests carrying the same body, then 200. Retries resend an event's exact body, so each event fails {FlakyFailuresPerEvent} times and succeeds on its attempt {FlakyFailuresPerEvent + 1}.");

    public static DemoRoute Slow { get; } = new("slow", "200 OK, but only after the attempt timeout (Simulator:Delivery:Timeout) plus 1 second of real time: the attempt times out.");

    public static DemoRoute Redirect { get; } = new("redirect", "302 Found to the ok route: redirects are never followed, so the attempt fails.");

    public static DemoRoute Idempotent { get; } = new(
        "idempotent",
        "200 OK, always, like an idempotent receiver: a body it has seen before is marked \"duplicate\" on this page (turn on the endpoint's fault lab to see one).");

    public static IReadOnlyList<DemoRoute> All { get; } = [Ok, Fail, Flaky, Slow, Redirect, Idempotent];

    /// <summary>The path on this server, e.g. <c>/demo-receiver/ok</c>.</summary>
    public string Path => $"{BasePath}/{Name}";
}
