namespace Simulator.Core.ReceiverChecks;

/// <summary>The state of one check while it runs; each change makes a new <see cref="ReceiverCheckReport"/>.</summary>
internal sealed class ReceiverCheckRun
{
    private readonly Lock _gate = new();
    private readonly CheckCaseReport[] _cases;
    private ReceiverCheckReport _report;

    public const string NotReachedDetail = "Not run: the receiver could not be reached.";
    public const string BrokenOffDetail = "Not run: the check broke off.";

    public ReceiverCheckRun(string id, string url, DateTimeOffset startedAt, DateTimeOffset? realStartedAt)
    {
        _cases = [.. ReceiverCheckCase.All.Select(c => new CheckCaseReport(c.Name, c.Title, CheckCaseStatus.Pending, "Not run yet.", [], null, null, null))];
        _report = new ReceiverCheckReport(id, url, ReceiverCheckStatus.Running, startedAt, null, [.. _cases]) { RealStartedAt = realStartedAt };
    }

    public ReceiverCheckReport Report
    {
        get
        {
            lock (_gate)
            {
                return _report;
            }
        }
    }

    public ReceiverCheckReport Start(string name, string detail) =>
        Set(name, c => c with { Status = CheckCaseStatus.Running, Detail = detail });

    public ReceiverCheckReport Judge(string name, IReadOnlyList<CheckAttemptReport> attempts, bool passed, string detail)
    {
        var definition = ReceiverCheckCase.Named(name);
        return Set(name, c => c with
        {
            Status = passed ? CheckCaseStatus.Passed : CheckCaseStatus.Failed,
            Detail = detail,
            Attempts = attempts,
            WhyItMatters = passed ? null : definition.WhyItMatters,
            Reference = passed ? null : definition.Reference,
            WhatToChange = passed ? null : definition.WhatToChange,
        });
    }

    public ReceiverCheckReport Finish(DateTimeOffset finishedAt, long durationMs)
    {
        lock (_gate)
        {
            var status = _cases.All(c => c.Status == CheckCaseStatus.Passed) ? ReceiverCheckStatus.Passed : ReceiverCheckStatus.Failed;
            _report = _report with { Status = status, FinishedAt = finishedAt, DurationMs = durationMs, Cases = [.. _cases] };
            return _report;
        }
    }

    /// <summary>Ends the check failed with <paramref name="error"/>: the cases not yet judged were not run (<paramref name="detail"/> says why, in short).</summary>
    public ReceiverCheckReport Stop(string error, string detail, DateTimeOffset finishedAt, long durationMs)
    {
        lock (_gate)
        {
            _report = Stopped(_report, error, detail, finishedAt) with { DurationMs = durationMs };
            _report.Cases.ToArray().CopyTo(_cases, 0);
            return _report;
        }
    }

    /// <summary>The reason a check that threw <paramref name="broke"/> gives.</summary>
    public static string BrokenOffError(Exception broke) =>
        $"the simulator broke off the check: {broke.Message} ({broke.GetType().Name}); this is a fault in the simulator, not in your receiver";

    /// <summary><paramref name="report"/> ended failed with <paramref name="error"/>, its cases not yet judged marked not run.</summary>
    public static ReceiverCheckReport Stopped(ReceiverCheckReport report, string error, string detail, DateTimeOffset finishedAt) => report with
    {
        Status = ReceiverCheckStatus.Failed,
        FinishedAt = finishedAt,
        Error = error,
        Cases = [.. report.Cases.Select(c => c.Status is CheckCaseStatus.Pending or CheckCaseStatus.Running
            ? c with { Status = CheckCaseStatus.NotRun, Detail = detail, WhyItMatters = null, Reference = null, WhatToChange = null }
            : c)],
    };

    private ReceiverCheckReport Set(string name, Func<CheckCaseReport, CheckCaseReport> change)
    {
        lock (_gate)
        {
            var index = Array.FindIndex(_cases, c => c.Name == name);
            _cases[index] = change(_cases[index]);
            _report = _report with { Cases = [.. _cases] };
            return _report;
        }
    }
}
