using Microsoft.AspNetCore.Components;
using Simulator.Core;
using Simulator.Core.Live;

namespace Simulator.Web.Components.Shared;

/// <summary>
/// A component that shows data which changes behind it: once interactive, it reloads and re-renders
/// when <see cref="LiveUpdates"/> reports a change it <see cref="Shows"/> (through a
/// <see cref="LiveRefresh"/>, so a burst of changes costs few renders), and stops listening when it
/// is disposed.
/// </summary>
public abstract class LiveComponentBase : ComponentBase, IDisposable
{
    private LiveRefresh? _live;
    private long _versionBeforeLoad;

    [Inject]
    private LiveUpdates Live { get; set; } = default!;

    /// <summary>The real time (not the simulation clock) that spaces the refreshes.</summary>
    [Inject(Key = SimulatorServiceCollectionExtensions.RealTimeKey)]
    private TimeProvider RealTime { get; set; } = default!;

    /// <summary>Notes how far the changes had got before the component loads (it subscribes only after its first load).</summary>
    public override Task SetParametersAsync(ParameterView parameters)
    {
        _versionBeforeLoad = Live.Version;
        return base.SetParametersAsync(parameters);
    }

    /// <summary>Whether a change concerns what the component shows.</summary>
    protected abstract bool Shows(LiveChange change);

    /// <summary>Loads what the component shows.</summary>
    protected abstract Task LoadAsync();

    /// <summary>What a change does: by default <see cref="LoadAsync"/>, then a render.</summary>
    protected virtual async Task RefreshAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }

    /// <summary>
    /// Starts listening for changes, once, when the component is interactive (a prerender has no
    /// circuit to push to). Call it after the first load: a change committed between that load's
    /// start and now was heard by no one, so it refreshes once more at once.
    /// </summary>
    /// <returns>Whether it started listening now (false: already listening, or not interactive).</returns>
    protected bool FollowChanges()
    {
        if (_live is not null || !RendererInfo.IsInteractive)
        {
            return false;
        }
        _live = new LiveRefresh(Live, RealTime, Shows, () => InvokeAsync(RefreshAsync));
        if (Live.Version != _versionBeforeLoad)
        {
            _live.Request(); // missed while loading: perhaps after the load had read it
        }
        return true;
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _live?.Dispose();
        }
    }
}
