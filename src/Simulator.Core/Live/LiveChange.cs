namespace Simulator.Core.Live;

public sealed record LiveChange(LiveChangeKind Kind, long Id);
