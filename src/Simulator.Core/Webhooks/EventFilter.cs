using Simulator.Core.Domain;

namespace Simulator.Core.Webhooks;

/// <summary>Which events to list: <see cref="IsTest"/> null (the default) lists test sends too; true only them; false none of them.</summary>
public sealed record EventFilter(bool? IsTest = null, EventStatus? Status = null, int Limit = 100, long? BeforeId = null);
