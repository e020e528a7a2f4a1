namespace Simulator.Core.ReceiverChecks;

/// <summary>The state of one check while it runs; each change makes a new <see cref="ReceiverCheckReport"/>.</summary>
internal sealed class ReceiverCheckRun
{
    private readonly Lock _gate = new();
    private readonly CheckCaseReport[] _cases;
    private ReceiverCheckReport _report;

    public ReceiverCheckRun(string id, string url, DateTimeOffset startedAt)
    {
        _cases = [.. ReceiverCheckCase.All.Select(c => new CheckCaseReport(c.Name, c.Title, CheckCaseStatus.Pending, "Not run yet.", [], null, null, null))];
        _report = new ReceiverCheckReport(id, url, ReceiverCheckStatus.Running, startedAt, null, [.. _cases]);
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

    public ReceiverCheckReport Finish(DateTimeOffset finishedAt)
    {
        lock (_gate)
        {
            var status = _cases.All(c => c.Status == CheckCaseStatus.Passed) ? ReceiverCheckStatus.Passed : ReceiverCheckStatus.Failed;
            _report = _report with { Status = status, FinishedAt = finishedAt, Cases = [.. _cases] };
            return _report;
        }
    }

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
