namespace Simulator.Core.Dispatching;

/// <summary>What changed, for live views.</summary>
public enum LiveChangeKind
{
    Delivery,
    Endpoint,
    Event,
    Email,
    SoapNote,
    Account,
    Clock,
}

public sealed record LiveChange(LiveChangeKind Kind, long Id);

/// <summary>The singleton the UI subscribes to: raised whenever a delivery, endpoint, e-mail or note changes.</summary>
public sealed class LiveUpdates
{
    public event EventHandler<LiveChange>? Changed;

    public void Publish(LiveChangeKind kind, long id = 0) => Changed?.Invoke(this, new LiveChange(kind, id));
}
