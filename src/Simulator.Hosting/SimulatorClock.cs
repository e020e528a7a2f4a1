namespace InstinctiveNotes.WebhookSimulator.Hosting;

/// <summary><c>GET /api/clock</c>: simulated now, the speed, and when the next scheduled attempt is due.</summary>
internal sealed record SimulatorClock(DateTimeOffset Now, double Speed, bool Paused, DateTimeOffset? NextAttemptAt);
