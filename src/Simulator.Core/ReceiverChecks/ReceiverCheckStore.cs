using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Simulator.Core.ReceiverChecks;

/// <summary>
/// The receiver checks started in this process: run in the background, kept in memory only (they are
/// not account data) and at most <see cref="Capacity"/> of them, the oldest finished ones forgotten first. At most
/// <see cref="MaxConcurrent"/> run at once. Subscribers of <see cref="Changed"/> see every step of every check (the UI's live progress).
/// </summary>
public sealed partial class ReceiverCheckStore(
    ReceiverCheckRunner runner,
    TimeProvider time,
    IOptions<SimulatorOptions> options,
    ILogger<ReceiverCheckStore> logger) : IDisposable
{
    public const int Capacity = 100;

    private readonly HashSet<string> _running = [];

    private readonly ConcurrentDictionary<string, ReceiverCheckReport> _checks = new();
    private readonly ConcurrentQueue<string> _order = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();

    /// <summary>A check changed: a case started or was judged, or the check finished.</summary>
    public event Action<ReceiverCheckReport>? Changed;

    /// <summary>Receiver checks that may run at once (<c>Simulator:ReceiverCheck:MaxConcurrent</c>).</summary>
    public int MaxConcurrent => options.Value.ReceiverCheck.MaxConcurrent;

    /// <summary>
    /// Starts a check of <paramref name="url"/>; a bad URL throws a field error for <c>url</c>, and <see cref="MaxConcurrent"/>
    /// checks running already throw <see cref="TooManyReceiverChecksException"/>: either way nothing starts.
    /// </summary>
    public async Task<ReceiverCheckReport> StartAsync(string? url)
    {
        ReceiverCheckRunner.ThrowIfBadUrl(url);
        var id = ReceiverCheckRunner.NewId();
        lock (_gate)
        {
            if (_running.Count >= MaxConcurrent)
            {
                throw new TooManyReceiverChecksException(MaxConcurrent);
            }
            _running.Add(id);
        }
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
            }
#pragma warning disable CA1031 // a check that breaks must not take the process down, nor stay running: it is logged and ends failed
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogCheckFailed(logger, ex, id, url!);
                var last = Find(id) ?? new ReceiverCheckRun(id, url!.Trim(), time.GetUtcNow(), null).Report;
                if (!last.Finished)
                {
                    last = ReceiverCheckRun.Stopped(last, ReceiverCheckRun.BrokenOffError(ex), ReceiverCheckRun.BrokenOffDetail, time.GetUtcNow());
                    Record(last);
                }
                first ??= last;
            }
            finally
            {
                Release(id);
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

    private void Release(string id)
    {
        lock (_gate)
        {
            _running.Remove(id);
        }
    }

    private void Record(ReceiverCheckReport report)
    {
        lock (_gate)
        {
            if (report.Finished)
            {
                // before anyone hears of it: whoever sees a check finish may start the next one
                _running.Remove(report.Id);
            }
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
