using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Simulator.Core.Domain;
using Simulator.Tests.Core.Dispatching;

namespace Simulator.Tests.Web.Api;

public sealed class FaultLabApiTests(SharedApiHarness shared) : IClassFixture<SharedApiHarness>
{
    [Fact]
    public async Task A_new_endpoints_fault_lab_is_off_with_the_contracts_shape()
    {
        await using var h = await ApiHarness.StartAsync();
        var id = await h.CreateEndpointAsync();

        var response = await h.Owner.GetAsync($"/api/webhook-endpoints/{id}/faults");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"duplicate_rate":0,"concurrent_duplicate_rate":0,"reorder_rate":0,"seed":438}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Put_sets_the_given_fields_and_keeps_the_others_on_the_standard_plan_too()
    {
        await using var h = await ApiHarness.StartAsync(); // Standard: testing is allowed
        var id = await h.CreateEndpointAsync();

        var first = await h.Owner.PutAsync($"/api/webhook-endpoints/{id}/faults", ApiHarness.Json("""{"duplicate_rate":0.5,"seed":0}"""));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var second = await h.Owner.PutAsync($"/api/webhook-endpoints/{id}/faults", ApiHarness.Json("""{"reorder_rate":1}"""));

        Assert.Equal("""{"duplicate_rate":0.5,"concurrent_duplicate_rate":0,"reorder_rate":1,"seed":0}""", await second.Content.ReadAsStringAsync());
        Assert.Equal("""{"duplicate_rate":0.5,"concurrent_duplicate_rate":0,"reorder_rate":1,"seed":0}""", await h.Owner.GetStringAsync($"/api/webhook-endpoints/{id}/faults"));
    }

    [Theory]
    [InlineData("""{"duplicate_rate":1.5}""", "duplicate_rate")]
    [InlineData("""{"concurrent_duplicate_rate":-0.1}""", "concurrent_duplicate_rate")]
    [InlineData("""{"duplicate_rate":0.5,"reorder_rate":2}""", "reorder_rate")]
    [InlineData("""{"reorder_rate":"often"}""", "reorder_rate")]
    [InlineData("""{"seed":1.5}""", "seed")]
    public async Task A_rate_outside_0_to_1_is_a_400_naming_the_field_and_changes_nothing(string body, string field)
    {
        var h = shared.Harness;
        var id = await h.CreateEndpointAsync();

        await ApiHarness.AssertFieldErrorAsync(await h.Owner.PutAsync($"/api/webhook-endpoints/{id}/faults", ApiHarness.Json(body)), field);

        Assert.Equal("""{"duplicate_rate":0,"concurrent_duplicate_rate":0,"reorder_rate":0,"seed":438}""", await h.Owner.GetStringAsync($"/api/webhook-endpoints/{id}/faults"));
    }

    [Fact]
    public async Task The_practitioner_gets_403_and_an_unknown_endpoint_404()
    {
        await using var h = await ApiHarness.StartAsync();
        var id = await h.CreateEndpointAsync();

        await ApiHarness.AssertProblemAsync(await h.Practitioner.GetAsync($"/api/webhook-endpoints/{id}/faults"), HttpStatusCode.Forbidden);
        await ApiHarness.AssertProblemAsync(await h.Practitioner.PutAsync($"/api/webhook-endpoints/{id}/faults", ApiHarness.Json("""{"duplicate_rate":1}""")), HttpStatusCode.Forbidden);
        await ApiHarness.AssertProblemAsync(await h.Owner.GetAsync("/api/webhook-endpoints/999/faults"), HttpStatusCode.NotFound);
        await ApiHarness.AssertProblemAsync(await h.Owner.PutAsync("/api/webhook-endpoints/999/faults", ApiHarness.Json("""{"duplicate_rate":1}""")), HttpStatusCode.NotFound);
        Assert.Equal(0, (await ApiHarness.ReadAsync(await h.Owner.GetAsync($"/api/webhook-endpoints/{id}/faults"))).GetProperty("duplicate_rate").GetDouble());
    }

    [Fact]
    public async Task A_copy_carries_its_fault_and_the_delivery_it_copies_and_the_original_carries_nulls()
    {
        await using var h = await ApiHarness.StartAsync();
        await h.UpgradeAsync();
        var id = await h.CreateEndpointAsync(activate: true);
        (await h.Owner.PutAsync($"/api/webhook-endpoints/{id}/faults", ApiHarness.Json("""{"duplicate_rate":1}"""))).EnsureSuccessStatusCode();

        (await h.Owner.PostAsJsonAsync("/api/soap-notes", new { })).EnsureSuccessStatusCode();
        await h.App.WhenIdleAsync();
        await h.App.AdvanceAsync(FaultSettings.MaxDelay + TimeSpan.FromSeconds(1));

        var deliveries = (await ApiHarness.ReadAsync(await h.Owner.GetAsync($"/api/deliveries?endpoint_id={id}"))).EnumerateArray().ToList();
        Assert.Equal(2, deliveries.Count);
        var original = deliveries.Single(d => d.GetProperty("fault").ValueKind == JsonValueKind.Null);
        var copy = deliveries.Single(d => d.GetProperty("fault").ValueKind != JsonValueKind.Null);
        Assert.Equal("duplicate", copy.GetProperty("fault").GetString());
        Assert.Equal(original.GetProperty("id").GetInt64(), copy.GetProperty("duplicate_of").GetInt64());
        Assert.Equal(JsonValueKind.Null, original.GetProperty("duplicate_of").ValueKind);
        Assert.Equal(original.GetProperty("event_id").GetInt64(), copy.GetProperty("event_id").GetInt64());
        Assert.Equal(
            ["id", "event_id", "endpoint_id", "event_type", "is_test", "status", "attempt_count", "next_attempt_at", "completed_at", "fault", "duplicate_of", "attempts"],
            copy.EnumerateObject().Select(p => p.Name));
        Assert.Equal("delivered", (await ApiHarness.ReadAsync(await h.Owner.GetAsync($"/api/events/{copy.GetProperty("event_id").GetInt64()}"))).GetProperty("status").GetString());
    }
}
