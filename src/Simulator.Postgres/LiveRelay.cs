using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;
using Simulator.Core.Domain;
using Simulator.Core.Live;
using Simulator.Core.Persistence;

namespace Simulator.Postgres;

/// <summary>
/// Live updates across instances. After each commit of this instance (an <see cref="ICommitObserver"/>
/// beside <c>CommitEffects</c>), the rows it wrote are told to the others on
/// <see cref="Coordination.LiveChannel"/> (<c>pg_notify</c>, sent off the writer's path, in chunks that
/// fit a notification); a notification from another instance is published to this instance's
/// <see cref="LiveUpdates"/>, so its pages refresh as if the change were made here. Each notification
/// names its instance, and an instance skips its own.
/// </summary>
internal sealed class LiveRelay : ICommitObserver, IDisposable
{
    private const int MaxPayload = 7000;

    private readonly NpgsqlDataSource _store;
    private readonly SimulatorInstance _me;
    private readonly LiveUpdates _live;
    private readonly ILogger<LiveRelay> _logger;
    private readonly Channel<string> _outgoing = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _sender;

    public LiveRelay(NpgsqlDataSource store, SimulatorInstance me, LiveUpdates live, ILogger<LiveRelay> logger)
    {
        (_store, _me, _live, _logger) = (store, me, live, logger);
        _sender = Task.Run(SendAsync);
    }

    /// <summary>Raised when another instance wrote deliveries or endpoints (due work may have changed).</summary>
    public event Action? OthersWroteDueWork;

    public void Committed(IReadOnlyList<CommittedEntity> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var payload = new StringBuilder(_me.Id.ToString("N"));
        foreach (var (entity, _) in changes)
        {
            var item = entity switch
            {
                Delivery d => $"d{d.Id}",
                WebhookEndpoint e => $"e{e.Id}",
                WebhookEvent v => $"v{v.Id}",
                OutboxEmail m => $"m{m.Id}",
                SoapNote n => $"n{n.Id}",
                Account => "a0",
                _ => null,
            };
            if (item is null)
            {
                continue;
            }
            if (payload.Length + item.Length + 1 > MaxPayload)
            {
                _outgoing.Writer.TryWrite(payload.ToString());
                payload.Clear().Append(_me.Id.ToString("N"));
            }
            payload.Append(' ').Append(item);
        }
        if (payload.Length > 32)
        {
            _outgoing.Writer.TryWrite(payload.ToString());
        }
    }

    /// <summary>A notification on the live channel: published here unless this instance sent it.</summary>
    public void Received(string payload)
    {
        var parts = payload.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || parts[0] == _me.Id.ToString("N"))
        {
            return;
        }
        var dueWork = false;
        foreach (var part in parts.Skip(1))
        {
            if (part.Length < 2 || !long.TryParse(part.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                continue;
            }
            LiveChangeKind? kind = part[0] switch
            {
                'd' => LiveChangeKind.Delivery,
                'e' => LiveChangeKind.Endpoint,
                'v' => LiveChangeKind.Event,
                'm' => LiveChangeKind.Email,
                'n' => LiveChangeKind.SoapNote,
                'a' => LiveChangeKind.Account,
                _ => null,
            };
            if (kind is { } known)
            {
                dueWork |= known is LiveChangeKind.Delivery or LiveChangeKind.Endpoint;
                _live.Publish(known, id);
            }
        }
        if (dueWork)
        {
            OthersWroteDueWork?.Invoke();
        }
    }

    public void Dispose() => _outgoing.Writer.TryComplete();

    private async Task SendAsync()
    {
        while (await _outgoing.Reader.WaitToReadAsync())
        {
            while (_outgoing.Reader.TryRead(out var payload))
            {
                try
                {
                    await using var command = _store.CreateCommand("SELECT pg_notify(@channel, @payload)");
                    command.Parameters.AddWithValue("channel", Coordination.LiveChannel);
                    command.Parameters.AddWithValue("payload", payload);
                    await command.ExecuteNonQueryAsync();
                }
                catch (Exception ex)
                {
                    // the others' pages miss one refresh; their data is the store's all the same
                    _logger.LogWarning(ex, "A live update could not be sent to the other instances");
                }
            }
        }
    }
}
