using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Simulator.Bench;

/// <summary>
/// Where a throughput run's time goes, from EF Core's diagnostic events and .NET's HTTP client
/// metrics: the wall time of every SaveChanges (the notes' saves apart from the dispatcher's,
/// which all go through the single-writer journal), of every store command outside a
/// SaveChanges (reads, the notes' and the dispatcher's), and of every HTTP request; and the
/// process's CPU time.
/// </summary>
public sealed class PathProfile : IDisposable, IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private static readonly AsyncLocal<bool> SavingNoteFlag = new();

    private readonly ConcurrentDictionary<DbContext, long> _saving = new();
    private readonly ConcurrentDictionary<Guid, long> _holding = new();
    private readonly List<IDisposable> _subscriptions = [];
    private readonly MeterListener _meters = new();
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly TimeSpan _cpuBefore = ProcessMeter.CpuTime();
    private long _noteSaveTicks;
    private long _noteSaves;
    private long _dispatcherSaveTicks;
    private long _dispatcherSaves;
    private long _readTicks;
    private long _reads;
    private long _dispatcherCommandTicks;
    private long _dispatcherCommands;
    private long _dispatcherBeginTicks;
    private long _dispatcherCommitTicks;
    private long _noteBeginTicks;
    private long _noteCommitTicks;
    private long _dispatcherHeldTicks;
    private long _noteHeldTicks;
    private long _httpMicroseconds;
    private long _httpRequests;
    private volatile bool _stopped;

    public PathProfile()
    {
        _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "System.Net.Http" && instrument.Name == "http.client.request.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<double>((_, seconds, _, _) =>
        {
            if (!_stopped)
            {
                Interlocked.Add(ref _httpMicroseconds, (long)(seconds * 1_000_000));
                Interlocked.Increment(ref _httpRequests);
            }
        });
        _meters.Start();
    }

    /// <summary>Marks the calling flow (a note creator) as saving notes: its SaveChanges count apart.</summary>
    public static void MarkNoteSaver() => SavingNoteFlag.Value = true;

    public PathProfileResult Stop()
    {
        _stopped = true;
        var seconds = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        return new PathProfileResult(
            seconds,
            (ProcessMeter.CpuTime() - _cpuBefore).TotalSeconds,
            TimeSpan.FromTicks(_dispatcherSaveTicks).TotalSeconds,
            _dispatcherSaves,
            TimeSpan.FromTicks(_noteSaveTicks).TotalSeconds,
            _noteSaves,
            TimeSpan.FromTicks(_readTicks).TotalSeconds,
            _reads,
            _httpMicroseconds / 1_000_000.0,
            _httpRequests)
        {
            DispatcherCommandSeconds = TimeSpan.FromTicks(_dispatcherCommandTicks).TotalSeconds,
            DispatcherCommands = _dispatcherCommands,
            DispatcherBeginSeconds = TimeSpan.FromTicks(_dispatcherBeginTicks).TotalSeconds,
            DispatcherCommitSeconds = TimeSpan.FromTicks(_dispatcherCommitTicks).TotalSeconds,
            NoteBeginSeconds = TimeSpan.FromTicks(_noteBeginTicks).TotalSeconds,
            NoteCommitSeconds = TimeSpan.FromTicks(_noteCommitTicks).TotalSeconds,
            DispatcherHeldSeconds = TimeSpan.FromTicks(_dispatcherHeldTicks).TotalSeconds,
            NoteHeldSeconds = TimeSpan.FromTicks(_noteHeldTicks).TotalSeconds,
        };
    }

    public void Dispose()
    {
        _stopped = true;
        _subscriptions.ForEach(s => s.Dispose());
        _meters.Dispose();
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(value.Subscribe(this));
            }
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (_stopped)
        {
            return;
        }
        if (value.Key == CoreEventId.SaveChangesStarting.Name && value.Value is DbContextEventData { Context: { } starting })
        {
            _saving[starting] = Stopwatch.GetTimestamp();
        }
        else if ((value.Key == CoreEventId.SaveChangesCompleted.Name || value.Key == CoreEventId.SaveChangesFailed.Name)
            && value.Value is DbContextEventData { Context: { } done } && _saving.TryRemove(done, out var began))
        {
            var ticks = Stopwatch.GetElapsedTime(began).Ticks;
            if (SavingNoteFlag.Value)
            {
                Interlocked.Add(ref _noteSaveTicks, ticks);
                Interlocked.Increment(ref _noteSaves);
            }
            else
            {
                Interlocked.Add(ref _dispatcherSaveTicks, ticks);
                Interlocked.Increment(ref _dispatcherSaves);
            }
        }
        else if (value.Key == RelationalEventId.CommandExecuted.Name && value.Value is CommandExecutedEventData executed && executed.Context is { } context)
        {
            if (!_saving.ContainsKey(context))
            {
                Interlocked.Add(ref _readTicks, executed.Duration.Ticks);
                Interlocked.Increment(ref _reads);
            }
            else if (!SavingNoteFlag.Value)
            {
                // the store's own time inside the journal's saves: the statements as SQLite runs them
                Interlocked.Add(ref _dispatcherCommandTicks, executed.Duration.Ticks);
                Interlocked.Increment(ref _dispatcherCommands);
            }
        }
        else if (value.Key == RelationalEventId.TransactionStarted.Name && value.Value is TransactionEndEventData begun)
        {
            // from asking for a transaction to having it: the write gate's queue and BEGIN
            Interlocked.Add(ref (SavingNoteFlag.Value ? ref _noteBeginTicks : ref _dispatcherBeginTicks), begun.Duration.Ticks);
            _holding[begun.TransactionId] = Stopwatch.GetTimestamp();
        }
        else if (value.Key == RelationalEventId.TransactionCommitted.Name && value.Value is TransactionEndEventData committed)
        {
            Interlocked.Add(ref (SavingNoteFlag.Value ? ref _noteCommitTicks : ref _dispatcherCommitTicks), committed.Duration.Ticks);
            Held(committed.TransactionId);
        }
        else if (value.Key == RelationalEventId.TransactionRolledBack.Name && value.Value is TransactionEndEventData rolledBack)
        {
            Held(rolledBack.TransactionId);
        }
    }

    // a write transaction holds the store's one writer (the write gate) from its BEGIN to its end
    private void Held(Guid transaction)
    {
        if (_holding.TryRemove(transaction, out var began))
        {
            Interlocked.Add(ref (SavingNoteFlag.Value ? ref _noteHeldTicks : ref _dispatcherHeldTicks), Stopwatch.GetElapsedTime(began).Ticks);
        }
    }

    void IObserver<DiagnosticListener>.OnCompleted()
    {
    }

    void IObserver<DiagnosticListener>.OnError(Exception error)
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnCompleted()
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error)
    {
    }
}
