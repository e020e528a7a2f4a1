using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace InstinctiveNotes.WebhookSimulator.Hosting;

/// <summary>The few calls of the simulator's REST API (contract section 4) that the integration makes, as the Owner.</summary>
internal sealed class SimulatorApiClient(HttpClient http, Uri baseAddress)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public Task<SimulatorClock> ClockAsync(CancellationToken ct) => SendAsync<SimulatorClock>(HttpMethod.Get, "/api/clock", null, ct);

    public Task<SimulatorClock> AdvanceAsync(TimeSpan by, CancellationToken ct) =>
        SendAsync<SimulatorClock>(HttpMethod.Post, "/api/clock/advance", new { seconds = Math.Ceiling(by.TotalSeconds) }, ct);

    public Task<SimulatorClock> SetSpeedAsync(double speed, CancellationToken ct) =>
        SendAsync<SimulatorClock>(HttpMethod.Put, "/api/clock", new { speed }, ct);

    public Task UpgradeToPremiumAsync(CancellationToken ct) =>
        SendAsync<JsonElement>(HttpMethod.Put, "/api/account/plan", new { plan = "Premium" }, ct);

    /// <summary>
    /// The active endpoint for <paramref name="url"/>: an endpoint already registered with that URL is reused
    /// (subscribed, activated), else one is created and activated.
    /// </summary>
    public async Task<SimulatorEndpoint> RegisterActiveEndpointAsync(string url, SimulatorReceiverAnnotation receiver, CancellationToken ct)
    {
        var existing = await SendAsync<List<SimulatorEndpoint>>(HttpMethod.Get, "/api/webhook-endpoints?limit=1000", null, ct).ConfigureAwait(false);
        var body = new { url, contact_email = receiver.ContactEmail, enabled_events = receiver.EnabledEvents, description = receiver.Description };
        var endpoint = existing.Find(e => string.Equals(e.Url, url, StringComparison.Ordinal)) is { } found
            ? await SendAsync<SimulatorEndpoint>(HttpMethod.Patch, $"/api/webhook-endpoints/{found.Id}", body, ct).ConfigureAwait(false)
            : await SendAsync<SimulatorEndpoint>(HttpMethod.Post, "/api/webhook-endpoints", body, ct).ConfigureAwait(false);
        return endpoint.Status == "active"
            ? endpoint
            : await SendAsync<SimulatorEndpoint>(HttpMethod.Post, $"/api/webhook-endpoints/{endpoint.Id}/activate", null, ct).ConfigureAwait(false);
    }

    public Task SetFaultsAsync(int endpointId, SimulatorFaultsAnnotation faults, CancellationToken ct) =>
        SendAsync<JsonElement>(HttpMethod.Put, $"/api/webhook-endpoints/{endpointId}/faults", faults.Seed is { } seed
            ? new { duplicate_rate = faults.DuplicateRate, concurrent_duplicate_rate = faults.ConcurrentDuplicateRate, reorder_rate = faults.ReorderRate, seed }
            : new { duplicate_rate = faults.DuplicateRate, concurrent_duplicate_rate = faults.ConcurrentDuplicateRate, reorder_rate = faults.ReorderRate }, ct);

    public Task<JsonElement> StartReceiverCheckAsync(string url, CancellationToken ct) =>
        SendAsync<JsonElement>(HttpMethod.Post, "/api/receiver-checks", new { url }, ct);

    public Task<JsonElement> ReceiverCheckAsync(string id, CancellationToken ct) =>
        SendAsync<JsonElement>(HttpMethod.Get, $"/api/receiver-checks/{Uri.EscapeDataString(id)}", null, ct);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(baseAddress, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", InstinctiveNotesSimulatorResource.OwnerToken);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }
        using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var problem = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            throw new HttpRequestException($"{method} {path} answered {(int)response.StatusCode}: {problem}", null, response.StatusCode);
        }
        return await response.Content.ReadFromJsonAsync<T>(Json, ct).ConfigureAwait(false)
            ?? throw new HttpRequestException($"{method} {path} answered {(int)response.StatusCode} with no body.");
    }
}
