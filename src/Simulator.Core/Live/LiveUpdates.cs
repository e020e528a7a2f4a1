namespace Simulator.Core.Live;

/// <summary>
/// The singleton the UI subscribes to: raised whenever a delivery, endpoint, e-mail or note changes.
/// It uses nothing else of the core, so every folder may publish to it.
/// </summary>
public sealed class LiveUpdates
{
    public event EventHandler<LiveChange>? Changed;

    public void Publish(LiveChangeKind kind, long id = 0) => Changed?.Invoke(this, new LiveChange(kind, id));
}
