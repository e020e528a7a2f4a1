using Microsoft.Extensions.Time.Testing;
using Simulator.Core.Live;
using Simulator.Web.Components.Shared;

namespace Simulator.Tests.Web.Components;

public sealed class LiveRefreshTests : IDisposable
{
    private readonly LiveUpdates _live = new();
    private readonly FakeTimeProvider _realTime = new();
    private readonly SemaphoreSlim _refreshed = new(0);
    private int _refreshes;

    [Fact]
    public async Task A_burst_refreshes_at_once_then_once_more_after_the_interval()
    {
        using var refresh = new LiveRefresh(_live, _realTime, c => c.Kind == LiveChangeKind.Delivery, CountAsync);

        for (var i = 0; i < 50; i++)
        {
            _live.Publish(LiveChangeKind.Delivery, i);
        }
        Assert.Equal(1, _refreshes);

        _realTime.Advance(LiveRefresh.Interval);
        Assert.True(await _refreshed.WaitAsync(TimeSpan.FromSeconds(10)) && await _refreshed.WaitAsync(TimeSpan.FromSeconds(10)));
        _realTime.Advance(LiveRefresh.Interval);
        _realTime.Advance(LiveRefresh.Interval);

        Assert.Equal(2, Volatile.Read(ref _refreshes));
    }

    [Fact]
    public void Changes_the_component_does_not_care_about_are_ignored()
    {
        using var refresh = new LiveRefresh(_live, _realTime, c => c.Kind == LiveChangeKind.Delivery, CountAsync);

        _live.Publish(LiveChangeKind.Email);
        _live.Publish(LiveChangeKind.SoapNote);

        Assert.Equal(0, _refreshes);
    }

    [Fact]
    public void After_dispose_nothing_refreshes()
    {
        var refresh = new LiveRefresh(_live, _realTime, _ => true, CountAsync);
        refresh.Dispose();

        _live.Publish(LiveChangeKind.Delivery);

        Assert.Equal(0, _refreshes);
    }

    public void Dispose() => _refreshed.Dispose();

    private Task CountAsync()
    {
        Interlocked.Increment(ref _refreshes);
        _refreshed.Release();
        return Task.CompletedTask;
    }
}
