using System.Globalization;
using System.Text;
using Simulator.Core;

namespace Simulator.Bench;

/// <summary>
/// Writes docs/benchmarks.md from a run. The part between the <c>kept</c> markers (findings,
/// profiles, fixes: written by hand) is carried over from the file being replaced.
/// </summary>
public static class ReportWriter
{
    public const string KeptBegin = "<!-- kept:begin -->";
    public const string KeptEnd = "<!-- kept:end -->";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Write(BenchReport report, string? previous)
    {
        ArgumentNullException.ThrowIfNull(report);
        var s = report.Settings;
        var md = new StringBuilder();
        Line(md, "# Benchmarks");
        Line(md);
        Line(md, "<!-- Written by bench/Simulator.Bench (see \"Reproduce\"); a later run refreshes the figures and keeps the section between the kept markers. -->");
        Line(md);
        Line(md, "A simulator that people point at their receivers for load and soak tests must be faster than the");
        Line(md, "receivers it tests. These are its figures on one machine, next to the physical limit of that machine:");
        Line(md, "a bare `HttpClient` loop posting the same bodies to the same receiver.");
        Line(md);
        Line(md, "## How it is measured");
        Line(md);
        Line(md, "- **The simulator** is the core as the web app runs it: `AddSimulatorCore` in a generic host, the real system");
        Line(md, "  clock, a fresh store per run (InMemory, which is a throwaway SQLite file, or a SQLite file; both WAL), default settings (at most 64 attempts in");
        Line(md, "  flight, 8 per endpoint, 10 s attempt timeout, clock speed 60) unless a scenario says otherwise, logging at Warning.");
        Line(md, "- **The full path**: each SOAP note is saved through `SoapNoteService.CreateAsync` (any field generated), which");
        Line(md, "  saves the note and raises `soap_note.created` with one delivery per active endpoint in one transaction; the");
        Line(md, "  dispatcher POSTs each and records the attempt. A delivery counts when its attempt is recorded.");
        Line(md, "- **The receiver** is a minimal Kestrel app on 127.0.0.1 in the same process: `/ok/…` answers 200 at once with");
        Line(md, "  no body, `/fail/…` 500, `/hang/…` never answers. Each healthy endpoint is its own path on it.");
        Line(md, $"- **The limit** is a bare `HttpClient` loop (same `SocketsHttpHandler` settings) posting the bodies of the same events");
        Line(md, $"  to the same endpoints with {s.Concurrency} requests in flight, the simulator's `MaxConcurrency`.");
        Line(md, "- Loopback only; the receiver shares the process and the two cores with the sender in both cases.");
        Line(md);

        Line(md, "## Machine and conditions");
        Line(md);
        Line(md, "| | |");
        Line(md, "|---|---|");
        Line(md, $"| CPU | {report.Machine.Cpu} |");
        Line(md, $"| Cores | {report.Machine.Cores} |");
        Line(md, $"| Memory | {report.Machine.Memory} |");
        Line(md, $"| OS | {report.Machine.OperatingSystem} |");
        Line(md, $"| .NET | {report.Machine.Runtime}, Release build |");
        Line(md, $"| GC | {report.Machine.GarbageCollector} (as the web app) |");
        Line(md, $"| Load average (1 / 5 / 15 min) | at start {report.LoadBefore}; at end {report.LoadAfter} |");
        Line(md, $"| Taken | {report.StartedAt.ToString("yyyy-MM-dd HH:mm", Invariant)} UTC, {report.Duration.TotalMinutes.ToString("0.0", Invariant)} min |");
        Line(md);

        Line(md, "## Reproduce");
        Line(md);
        Line(md, "```bash");
        Line(md, "dotnet run -c Release --project bench/Simulator.Bench -- " + string.Join(' ', s.Arguments));
        Line(md, "```");
        Line(md);
        Line(md, "`-- all` runs every scenario with the sizes below and rewrites this file; `-- throughput --events 2000 --no-write`");
        Line(md, "runs one scenario, smaller, and only prints. `--help` lists the options. Run it on a quiet machine: the figures");
        Line(md, "are only as steady as the load average above.");
        Line(md);

        WriteGoals(md, report);
        WriteThroughput(md, report);
        WriteLatency(md, report);
        WriteIsolation(md, report);
        WriteWaitingRetries(md, report);
        WriteClock(md, report);
        WriteLookups(md, report);

        md.Append(Kept(previous));
        return md.ToString();
    }

    private static void WriteGoals(StringBuilder md, BenchReport report)
    {
        Line(md, "## Goals");
        Line(md);
        Line(md, "| goal | target | measured | met |");
        Line(md, "|---|---|---|---|");
        if (report.Throughput.FirstOrDefault(t => t.Store == StorageProvider.InMemory && !t.WithHangingEndpoint) is { } throughput)
        {
            Goal(md, "Throughput, InMemory, as a share of the bare limit", "≥ 0.70", F(throughput.Ratio, "0.00"), throughput.Ratio >= 0.7);
        }
        if (report.Latency.FirstOrDefault(l => l.Store == StorageProvider.InMemory && !l.WithHangingEndpoint) is { } latency)
        {
            Goal(md, "Latency save → arrival, p99, InMemory", "< 50 ms", F(latency.Milliseconds.P99, "0.0") + " ms", latency.Milliseconds.P99 < 50);
        }
        foreach (var (store, throughputRatio, p99Ratio) in Isolation(report).Where(i => i.Store == StorageProvider.InMemory))
        {
            Goal(md, $"A hanging endpoint's cost to healthy ones, {store}: throughput", "< 10 % lower", Percent(1 - throughputRatio) + " lower", throughputRatio > 0.9);
            Goal(md, $"A hanging endpoint's cost to healthy ones, {store}: p99 latency", "< 10 % higher", Percent(p99Ratio - 1) + " higher", p99Ratio < 1.1);
        }
        foreach (var waiting in report.WaitingRetries)
        {
            Goal(md, $"Memory per waiting retry, {waiting.Store} (resident)", "< 2 KB", F(waiting.ResidentPerDelivery / 1024, "0.00") + " KB", waiting.ResidentPerDelivery < 2048);
            Goal(md, $"CPU while {waiting.Waiting:N0} retries wait, {waiting.Store}", "< 1 % of a core", Percent(waiting.CpuShare, "0.00"), waiting.CpuShare < 0.01);
        }
        if (report.Clock is { } clock)
        {
            Goal(md, $"Retry start vs scheduled time, p99, at {F(clock.Speed, "0")}×", "< 1 s simulated", F(clock.LatenessSimulatedSeconds.P99, "0.00") + " s", Math.Abs(clock.LatenessSimulatedSeconds.P99) < 1);
        }
        Line(md);
    }

    private static void WriteThroughput(StringBuilder md, BenchReport report)
    {
        var rows = report.Throughput.Where(t => !t.WithHangingEndpoint).ToList();
        if (rows.Count == 0)
        {
            return;
        }
        var first = rows[0];
        Line(md, "## 1. Throughput");
        Line(md);
        Line(md, $"{first.Events:N0} SOAP notes saved by {report.Settings.Creators} concurrent callers as fast as they go, each raising an event for");
        Line(md, $"{first.HealthyEndpoints} active endpoints: {first.Deliveries:N0} deliveries, timed from the first save to the last attempt recorded.");
        Line(md, "The bare loop posts the bodies of the same events to the same endpoints right after.");
        Line(md);
        Line(md, "| store | deliveries | notes saved in | last attempt recorded after | simulator | bare limit | simulator / bare | failed attempts |");
        Line(md, "|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var t in rows)
        {
            Line(md, $"| {t.Store} | {t.Deliveries:N0} | {F(t.CreationSeconds, "0.0")} s | {F(t.Seconds, "0.0")} s | {F(t.PerSecond, "N0")} /s | {F(t.BarePerSecond, "N0")} /s | **{F(t.Ratio, "0.00")}** | {t.FailedAttempts:N0}{(t.CommonError is null ? "" : $" ({t.CommonError})")} |");
        }
        Line(md);
    }

    private static void WriteLatency(StringBuilder md, BenchReport report)
    {
        var rows = report.Latency.Where(l => !l.WithHangingEndpoint).ToList();
        if (rows.Count == 0)
        {
            return;
        }
        var first = rows[0];
        Line(md, "## 2. Latency");
        Line(md);
        Line(md, $"Notes saved one after another at a steady {first.Rate} per second ({first.Rate * first.HealthyEndpoints} webhooks per second, well under");
        Line(md, $"saturation) for {report.Settings.Seconds} s after a second of warm-up; for every webhook, the time from the call that saves its note to");
        Line(md, "its arrival at the receiver.");
        Line(md);
        Line(md, "| store | notes/s achieved | webhooks | p50 | p95 | p99 | max |");
        Line(md, "|---|---:|---:|---:|---:|---:|---:|");
        foreach (var l in rows)
        {
            var d = l.Milliseconds;
            Line(md, $"| {l.Store} | {F(l.AchievedRate, "0.0")} | {d.Count:N0} | {F(d.P50, "0.0")} ms | {F(d.P95, "0.0")} ms | **{F(d.P99, "0.0")} ms** | {F(d.Max, "0.0")} ms |");
        }
        Line(md);
    }

    private static void WriteIsolation(StringBuilder md, BenchReport report)
    {
        var rows = Isolation(report).ToList();
        if (rows.Count == 0)
        {
            return;
        }
        Line(md, "## 3. Isolation");
        Line(md);
        Line(md, "The same two runs with one more active endpoint that never answers: each of its attempts hangs until the 10 s");
        Line(md, "timeout, and its deliveries go on retrying. Figures are for the healthy endpoints only, as a ratio to the run");
        Line(md, "without the hanging one.");
        Line(md);
        Line(md, "| store | throughput without → with | with / without | latency p99 without → with | with / without |");
        Line(md, "|---|---:|---:|---:|---:|");
        foreach (var (store, throughputRatio, p99Ratio) in rows)
        {
            var without = report.Throughput.FirstOrDefault(t => t.Store == store && !t.WithHangingEndpoint);
            var with = report.Throughput.FirstOrDefault(t => t.Store == store && t.WithHangingEndpoint);
            var latencyWithout = report.Latency.FirstOrDefault(l => l.Store == store && !l.WithHangingEndpoint);
            var latencyWith = report.Latency.FirstOrDefault(l => l.Store == store && l.WithHangingEndpoint);
            var throughputCell = without is null || with is null ? "–" : $"{F(without.PerSecond, "N0")} → {F(with.PerSecond, "N0")} /s";
            var latencyCell = latencyWithout is null || latencyWith is null ? "–" : $"{F(latencyWithout.Milliseconds.P99, "0.0")} → {F(latencyWith.Milliseconds.P99, "0.0")} ms";
            Line(md, $"| {store} | {throughputCell} | **{F(throughputRatio, "0.00")}** | {latencyCell} | **{F(p99Ratio, "0.00")}** |");
        }
        Line(md);
    }

    private static void WriteWaitingRetries(StringBuilder md, BenchReport report)
    {
        if (report.WaitingRetries.Count == 0)
        {
            return;
        }
        var first = report.WaitingRetries[0];
        Line(md, "## 4. Waiting retries");
        Line(md);
        Line(md, $"{first.Waiting:N0} deliveries to {report.Settings.Endpoints} endpoints that answer 500, each waiting for its second attempt (clock speed 1,");
        Line(md, "`Delivery:BaseDelay` one hour, so none falls due while measured). Resident memory (VmRSS) and managed heap after a full,");
        Line(md, "compacting GC, before the deliveries were raised and once all of them wait; then the CPU time the whole process");
        Line(md, $"used over {first.IdleSeconds} s of waiting. The figures include the store's share: with both stores the rows (note, event with");
        Line(md, "its body, delivery, first attempt) are in a SQLite file and its page cache, not in the managed heap.");
        Line(md);
        Line(md, "| store | waiting | raised in | resident before → after | per delivery | managed per delivery | CPU while waiting | share of a core | GCs | attempts while waiting |");
        Line(md, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var w in report.WaitingRetries)
        {
            Line(md, $"| {w.Store} | {w.Waiting:N0} | {F(w.SetupSeconds, "0.0")} s | {Mib(w.ResidentBefore)} → {Mib(w.ResidentAfter)} | **{F(w.ResidentPerDelivery, "N0")} B** | {F(w.ManagedPerDelivery, "N0")} B | {F(w.CpuSeconds, "0.000")} s over {w.IdleSeconds} s | **{Percent(w.CpuShare, "0.00")}** | {w.Collections} | {w.AttemptsWhileIdle} |");
        }
        Line(md);
    }

    private static void WriteClock(StringBuilder md, BenchReport report)
    {
        if (report.Clock is not { } clock)
        {
            return;
        }
        var d = clock.LatenessSimulatedSeconds;
        Line(md, "## 5. Clock fidelity");
        Line(md);
        Line(md, $"At {F(clock.Speed, "0")}× (an hour a second), {report.Settings.ClockNotes} notes saved at {report.Settings.ClockRate} per second to {report.Settings.Endpoints} endpoints that always");
        Line(md, "answer 500: every delivery runs its whole 12-hour retry schedule (about 12 s of real time). For every retry, the");
        Line(md, "simulated time its attempt was recorded as starting, minus the time the schedule gave it (previous attempt's start");
        Line(md, "plus the backoff with its jitter). Positive is late. The real-time equivalent is the simulated figure / speed.");
        Line(md);
        Line(md, "| speed | deliveries | retries | p50 | p95 | p99 | max | early (> 10 ms) |");
        Line(md, "|---:|---:|---:|---:|---:|---:|---:|---:|");
        Line(md, $"| {F(clock.Speed, "0")}× | {clock.Deliveries:N0} | {d.Count:N0} | {Sim(clock, d.P50)} | {Sim(clock, d.P95)} | **{Sim(clock, d.P99)}** | {Sim(clock, d.Max)} | {clock.Early} |");
        Line(md);
    }

    private static void WriteLookups(StringBuilder md, BenchReport report)
    {
        if (report.Lookups.Count == 0)
        {
            return;
        }
        var sizes = report.Lookups.Select(l => l.Deliveries).Distinct().Order().ToList();
        Line(md, "## Diagnostic: store lookups by size");
        Line(md);
        Line(md, "The read every attempt begins with (one delivery with its event, by id, in a new context), timed alone and one at");
        Line(md, "a time while the store is filled with deliveries (10 per event, 2 KB bodies). Microseconds per read.");
        Line(md);
        Line(md, "| store | " + string.Join(" | ", sizes.Select(s => $"{s:N0} deliveries")) + " |");
        Line(md, "|---|" + string.Concat(sizes.Select(_ => "---:|")));
        foreach (var store in report.Lookups.Select(l => l.Store).Distinct())
        {
            var cells = sizes.Select(s => report.Lookups.FirstOrDefault(l => l.Store == store && l.Deliveries == s) is { } l ? F(l.MicrosecondsPerLookup, "N0") + " µs" : "–");
            Line(md, $"| {store} | " + string.Join(" | ", cells) + " |");
        }
        Line(md);
    }

    private static IEnumerable<(StorageProvider Store, double ThroughputRatio, double P99Ratio)> Isolation(BenchReport report)
    {
        foreach (var store in report.Settings.Stores)
        {
            var without = report.Throughput.FirstOrDefault(t => t.Store == store && !t.WithHangingEndpoint);
            var with = report.Throughput.FirstOrDefault(t => t.Store == store && t.WithHangingEndpoint);
            var latencyWithout = report.Latency.FirstOrDefault(l => l.Store == store && !l.WithHangingEndpoint);
            var latencyWith = report.Latency.FirstOrDefault(l => l.Store == store && l.WithHangingEndpoint);
            if (with is null && latencyWith is null)
            {
                continue;
            }
            var throughputRatio = without is not null && with is not null ? with.PerSecond / without.PerSecond : double.NaN;
            var p99Ratio = latencyWithout is not null && latencyWith is not null ? latencyWith.Milliseconds.P99 / latencyWithout.Milliseconds.P99 : double.NaN;
            yield return (store, throughputRatio, p99Ratio);
        }
    }

    private static string Kept(string? previous)
    {
        if (previous is not null)
        {
            var begin = previous.IndexOf(KeptBegin, StringComparison.Ordinal);
            var end = previous.IndexOf(KeptEnd, StringComparison.Ordinal);
            if (begin >= 0 && end > begin)
            {
                return previous[begin..(end + KeptEnd.Length)] + Environment.NewLine;
            }
        }
        return $"""
            {KeptBegin}
            ## Findings and fixes

            (Written by hand: what the profiles showed and what was changed, with figures before and after.)
            {KeptEnd}

            """;
    }

    private static void Goal(StringBuilder md, string goal, string target, string measured, bool met) =>
        Line(md, $"| {goal} | {target} | {measured} | {(met ? "yes" : "**no**")} |");

    private static string Sim(ClockFidelityResult clock, double seconds) =>
        $"{F(seconds, "0.00")} s ({F(clock.RealMilliseconds(seconds), "0.00")} ms real)";

    private static string Mib(long bytes) => F(bytes / 1048576.0, "0") + " MiB";

    private static string Percent(double share, string format = "0.0") =>
        double.IsNaN(share) ? "–" : F(Math.Round(share * 100, 2) + 0.0, format) + " %";

    private static string F(double value, string format) => double.IsNaN(value) ? "–" : value.ToString(format, Invariant);

    private static void Line(StringBuilder md, string text = "") => md.Append(text).Append('\n');
}
