using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Simulator.Core.ReceiverChecks;

/// <summary>
/// The receiver checks started in this process: run in the background, kept in memory only (they are
/// not account data) and at most <see cref="Capacity"/> of them, the oldest finished ones forgotten first.
/// Subscribers of <see cref="Changed"/> see every step of every check (the UI's live progress).
/// </summary>
public sealed partial class ReceiverCheckStore(ReceiverCheckRunner runner, ILogger<ReceiverCheckStore> logger) : IDisposable
{
    public const int Capacity = 100;

    private readonly ConcurrentDictionary<string, ReceiverCheckReport> _checks = new();
    private readonly ConcurrentQueue<string> _order = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();

    /// <summary>A check changed: a case started or was judged, or the check finished.</summary>
    public event Action<ReceiverCheckReport>? Changed;

    /// <summary>Starts a check of <paramref name="url"/>; a bad URL throws a field error for <c>url</c> and starts nothing.</summary>
    public async Task<ReceiverCheckReport> StartAsync(string? url)
    {
        ReceiverCheckRunner.ThrowIfBadUrl(url);
        var id = ReceiverCheckRunner.NewId();
        ReceiverCheckReport? first = null;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(async () =>
        {
            try
            {
                await runner.RunAsync(id, url!, report =>
                {
                    Record(report);
                    first ??= report;
                    started.TrySetResult();
                }, _stopping.Token);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                started.TrySetResult();
            }
#pragma warning disable CA1031 // a check that breaks must not take the process down; it is logged
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogCheckFailed(logger, ex, id, url!);
                started.TrySetResult();
            }
        });
        await started.Task;
        return first ?? throw new InvalidOperationException("The simulator is stopping.");
    }

    public ReceiverCheckReport? Find(string id) => _checks.TryGetValue(id, out var report) ? report : null;

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private void Record(ReceiverCheckReport report)
    {
        lock (_gate)
        {
            if (_checks.TryAdd(report.Id, report))
            {
                _order.Enqueue(report.Id);
                Forget();
            }
            else
            {
                _checks[report.Id] = report;
            }
        }
        Changed?.Invoke(report);
    }

    private void Forget()
    {
        var kept = _order.Count;
        for (var tries = 0; _checks.Count > Capacity && tries < kept && _order.TryDequeue(out var oldest); tries++)
        {
            if (_checks.TryGetValue(oldest, out var check) && !check.Finished)
            {
                _order.Enqueue(oldest);
                continue;
            }
            _checks.TryRemove(oldest, out _);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Receiver check {CheckId} of {Url} broke off")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception, string checkId, string url);
}
