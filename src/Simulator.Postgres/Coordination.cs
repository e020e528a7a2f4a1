namespace Simulator.Postgres;

/// <summary>
/// The timings of the instances' coordination, in real time (docs/architecture.md, "Several
/// instances on one PostgreSQL store"). A lease lasts <see cref="Lease"/> and is renewed every
/// <see cref="Renewal"/> while its holder works; a row whose lease ran out, seen so for
/// <see cref="Confirm"/>, is taken over: an instance killed with SIGKILL has its attempts recorded
/// interrupted after at most Lease + Sweep + Confirm + Sweep (about 19 s), well within
/// <c>Delivery:Timeout</c> plus 30 s.
/// </summary>
internal static class Coordination
{
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan Renewal = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan Sweep = TimeSpan.FromSeconds(2);

    /// <summary>An attempt in flight with no live lease stays so this long before it counts as orphaned (its holder may only be about to renew).</summary>
    public static readonly TimeSpan Confirm = TimeSpan.FromSeconds(5);

    /// <summary>An e-mail's handoff lease: longer than any SMTP handoff (10 s per step).</summary>
    public static readonly TimeSpan MailLease = TimeSpan.FromMinutes(2);

    /// <summary>The floor under LISTEN/NOTIFY: each instance looks for due work this often.</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    /// <summary>How far ahead (real time at the clock's speed) an instance keeps due work in memory.</summary>
    public static readonly TimeSpan Lookahead = TimeSpan.FromSeconds(3);

    /// <summary>At most this many next attempts in one instance's memory.</summary>
    public const int Window = 1000;

    /// <summary>The floor under LISTEN/NOTIFY for the shared clock.</summary>
    public static readonly TimeSpan ClockSync = TimeSpan.FromMilliseconds(250);

    public const string ClockChannel = "insim_clock";

    public const string LiveChannel = "insim_live";
}
