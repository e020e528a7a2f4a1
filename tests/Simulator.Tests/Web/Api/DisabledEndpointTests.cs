using System.Globalization;
using System.Net.Http.Json;

namespace Simulator.Tests.Web.Api;

public sealed class DisabledEndpointTests
{
    [Fact]
    public async Task A_disabled_endpoint_receives_only_test_sends_and_send_again_not_new_events_or_retries()
    {
        await using var h = await ApiHarness.StartAsync();
        h.Receiver.RespondWith(500, "down");
        await h.UpgradeAsync();
        var endpoint = await h.CreateEndpointAsync(activate: true);

        await RaiseAsync(h);
        await h.App.Control.AdvanceAsync(TimeSpan.FromHours(12.5)); // the first event failed: e-mail, disabling due in an hour
        var underWay = await RaiseAsync(h);
        var delivery = (await ApiHarness.ReadAsync(await h.Owner.GetAsync($"/api/deliveries?event_id={underWay}")))[0];
        Assert.Equal("pending", delivery.GetProperty("status").GetString());
        await h.App.Control.AdvanceAsync(TimeSpan.FromHours(1));

        var disabled = await ApiHarness.ReadAsync(await h.Owner.GetAsync($"/api/webhook-endpoints/{endpoint}"));
        Assert.Equal("disabled", disabled.GetProperty("status").GetString());
        var cancelled = await ApiHarness.ReadAsync(await h.Owner.GetAsync($"/api/deliveries/{delivery.GetProperty("id").GetInt64()}"));
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        var received = h.Receiver.Count;

        // a new event, and 13 hours in which any retry would have fallen due: nothing arrives
        var later = await RaiseAsync(h, waitForDelivery: false);
        await h.App.Control.AdvanceAsync(TimeSpan.FromHours(13));
        Assert.Equal(received, h.Receiver.Count);
        Assert.Equal(0, await h.CountAsync($"/api/deliveries?event_id={later}"));

        // what is sent by hand does arrive
        h.Receiver.RespondWith(200, "back");
        var test = await ApiHarness.ReadAsync(await h.Owner.PostAsJsonAsync($"/api/webhook-endpoints/{endpoint}/test", new { event_type = "soap_note.created" }));
        Assert.Equal("succeeded", test.GetProperty("status").GetString());
        Assert.Equal(received + 1, h.Receiver.Count);
        var again = await ApiHarness.ReadAsync(await h.Owner.PostAsync($"/api/deliveries/{delivery.GetProperty("id").GetInt64()}/retry", null));
        Assert.Equal("succeeded", again.GetProperty("status").GetString());
        Assert.Equal(received + 2, h.Receiver.Count);

        // and neither brings the endpoint back
        Assert.Equal("disabled", (await ApiHarness.ReadAsync(await h.Owner.GetAsync($"/api/webhook-endpoints/{endpoint}"))).GetProperty("status").GetString());
    }

    private static async Task<long> RaiseAsync(ApiHarness h, bool waitForDelivery = true)
    {
        var before = h.Receiver.Count;
        var created = await h.Owner.PostAsync("/api/soap-notes", ApiHarness.Json("{}"));
        created.EnsureSuccessStatusCode();
        if (waitForDelivery)
        {
            await h.Receiver.WaitForRequestsAsync(before + 1);
        }
        await h.App.Control.WhenIdleAsync();
        return long.Parse(created.Headers.GetValues("X-Simulator-Event-Id").Single(), CultureInfo.InvariantCulture);
    }
}
