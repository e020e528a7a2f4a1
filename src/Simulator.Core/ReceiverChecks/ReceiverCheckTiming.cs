namespace Simulator.Core.ReceiverChecks;

/// <summary>
/// The <c>answers_quickly</c> limit, for tests only: registered, it replaces the contract's 2 s so that a
/// test about something else does not depend on how loaded the machine is. Nothing registers it in the product.
/// </summary>
internal sealed record ReceiverCheckTiming(TimeSpan QuickAnswerLimit);
