using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Simulator.Core.Live;
using Simulator.Web.Components.Shared;

namespace Simulator.Tests.Web.Components;

/// <summary>A live component subscribes after its first load: what was committed meanwhile must not be lost.</summary>
public sealed class LiveComponentBaseTests : ComponentTestContext
{
    [Fact]
    public void A_change_committed_while_the_first_load_reads_refreshes_the_component_at_once()
    {
        var live = Service<LiveUpdates>();
        var store = new Counter { Value = 1 };
        // the commit lands after the load has read, before the component listens: no one hears it
        store.AfterRead = () =>
        {
            store.AfterRead = null;
            store.Value = 2;
            live.Publish(LiveChangeKind.Delivery, 1);
        };

        var shown = Render<CounterView>(p => p.Add(c => c.Store, store));

        shown.WaitForAssertion(() => Assert.Equal("2", shown.Find("output").TextContent));
        Assert.Equal(2, shown.Instance.Loads);
    }

    [Fact]
    public void Nothing_committed_while_loading_means_one_load()
    {
        var store = new Counter { Value = 1 };

        var shown = Render<CounterView>(p => p.Add(c => c.Store, store));
        shown.WaitForAssertion(() => Assert.Equal("1", shown.Find("output").TextContent));
        RealTime.Advance(LiveRefresh.Interval * 4);

        Assert.Equal("1", shown.Find("output").TextContent);
        Assert.Equal(1, shown.Instance.Loads);
    }

    [Fact]
    public void A_change_after_the_component_listens_refreshes_it()
    {
        var store = new Counter { Value = 1 };
        var shown = Render<CounterView>(p => p.Add(c => c.Store, store));
        shown.WaitForAssertion(() => Assert.Equal("1", shown.Find("output").TextContent)); // loaded, then listening

        store.Value = 3;
        Service<LiveUpdates>().Publish(LiveChangeKind.Delivery, 1);

        shown.WaitForAssertion(() => Assert.Equal("3", shown.Find("output").TextContent));
    }

    public sealed class Counter
    {
        public int Value { get; set; }

        public Action? AfterRead { get; set; }
    }

    private sealed class CounterView : LiveComponentBase
    {
        private int _shown;

        [Parameter, EditorRequired]
        public Counter Store { get; set; } = default!;

        public int Loads { get; private set; }

        protected override bool Shows(LiveChange change) => change.Kind == LiveChangeKind.Delivery;

        protected override async Task OnParametersSetAsync()
        {
            await LoadAsync();
            FollowChanges();
        }

        protected override async Task LoadAsync()
        {
            Loads++;
            await Task.Yield();
            _shown = Store.Value;
            Store.AfterRead?.Invoke();
        }

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenElement(0, "output");
            builder.AddContent(1, _shown);
            builder.CloseElement();
        }
    }
}
