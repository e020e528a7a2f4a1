using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Simulator.Core.Persistence;

namespace Simulator.Core.Dispatching;

/// <summary>
/// Writes the dispatcher's state transitions, one transaction each, and groups the ones that
/// arrive together (the outcomes of concurrent attempts, the starts of attempts due at the same
/// moment) into one commit: a group commit. A change is applied to a unit of work shared by its
/// group; when the group's commit fails, each of its changes is applied again alone, on entities
/// read afresh, so one bad change cannot sink the others.
/// </summary>
public sealed class DeliveryJournal : IAsyncDisposable, IDisposable
{
    private const int MaxGroup = 256;

    private readonly IDbContextFactory<SimulatorDbContext> _dbFactory;
    private readonly ILogger<DeliveryJournal> _logger;
    private readonly Channel<Entry> _entries = Channel.CreateUnbounded<Entry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public DeliveryJournal(IDbContextFactory<SimulatorDbContext> dbFactory, ILogger<DeliveryJournal> logger)
    {
        _dbFactory = dbFactory;
        _logger = logger;
        _writer = Task.Run(WriteAsync);
    }

    /// <summary>
    /// Applies <paramref name="change"/> to a unit of work and commits it, usually together with
    /// other changes. <paramref name="change"/> may run twice (the second time on a fresh unit of
    /// work, when its group's commit failed): it must read what it changes from the unit of work
    /// it is given, or attach copies it owns.
    /// </summary>
    public Task CommitAsync(Func<SimulatorDbContext, bool, Task> change)
    {
        var entry = new Entry(change);
        if (!_entries.Writer.TryWrite(entry))
        {
            throw new InvalidOperationException("The delivery journal is closed.");
        }
        return entry.Done.Task;
    }

    /// <summary>Takes no more changes (a container disposed synchronously does not wait for the last commit).</summary>
    public void Dispose() => _entries.Writer.TryComplete();

    public async ValueTask DisposeAsync()
    {
        _entries.Writer.TryComplete();
        try
        {
            // what was written before the stop is committed; a change stuck on a store being torn down is not waited for
            await _writer.WaitAsync(TimeSpan.FromSeconds(5), TimeProvider.System);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("The delivery journal stopped with changes not committed; the next start recovers them");
        }
    }

    private async Task WriteAsync()
    {
        var group = new List<Entry>(MaxGroup);
        while (await _entries.Reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < MaxGroup && _entries.Reader.TryRead(out var entry))
            {
                group.Add(entry);
            }
            try
            {
                await using var db = await _dbFactory.CreateDbContextAsync();
                foreach (var entry in group)
                {
                    await entry.Change(db, false);
                }
                await db.SaveChangesAsync();
                group.ForEach(e => e.Done.TrySetResult());
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "A group of {Count} delivery changes could not be committed together; committing them one by one", group.Count);
                foreach (var entry in group)
                {
                    await CommitAloneAsync(entry);
                }
            }
        }
    }

    private async Task CommitAloneAsync(Entry entry)
    {
        try
        {
            await using var db = await _dbFactory.CreateDbContextAsync();
            await entry.Change(db, true);
            await db.SaveChangesAsync();
            entry.Done.TrySetResult();
        }
        catch (Exception ex)
        {
            entry.Done.TrySetException(ex);
        }
    }

    private sealed record Entry(Func<SimulatorDbContext, bool, Task> Change)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
