using Simulator.Core;

namespace Simulator.Bench;

/// <summary>The dispatcher's read of one delivery with its event, by how many deliveries the store holds.</summary>
public sealed record LookupResult(StorageProvider Store, int Deliveries, double MicrosecondsPerLookup);
