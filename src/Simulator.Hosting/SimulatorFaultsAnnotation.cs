using Aspire.Hosting.ApplicationModel;

namespace InstinctiveNotes.WebhookSimulator.Hosting;

/// <summary>
/// The fault lab settings (contract section 5) applied to every endpoint that <c>WithReceiver</c> registers:
/// rates from 0 to 1 of duplicates, concurrent duplicates and reordered deliveries; <see cref="Seed"/> null keeps
/// the simulator's own seed.
/// </summary>
public sealed record SimulatorFaultsAnnotation(double DuplicateRate, double ConcurrentDuplicateRate, double ReorderRate, int? Seed) : IResourceAnnotation;
