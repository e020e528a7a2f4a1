using Simulator.Core.Domain;

namespace Simulator.Core.Webhooks;

/// <summary>Which events to list: <see cref="IsTest"/> false (the default) hides test sends; null lists both.</summary>
public sealed record EventFilter(bool? IsTest = false, EventStatus? Status = null, int Limit = 100, long? BeforeId = null);
