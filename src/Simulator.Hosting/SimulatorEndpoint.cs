namespace InstinctiveNotes.WebhookSimulator.Hosting;

/// <summary>The part of a webhook endpoint (<c>/api/webhook-endpoints</c>) the integration reads.</summary>
internal sealed record SimulatorEndpoint(int Id, string Url, string Status);
