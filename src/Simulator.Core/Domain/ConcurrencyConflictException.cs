namespace Simulator.Core.Domain;

/// <summary>Something else kept changing the same thing at the same moment: nothing was changed (a 409).</summary>
public sealed class ConcurrencyConflictException(string what, Exception inner)
    : DomainRuleException("Changed meanwhile", $"{what} was changed by something else at the same moment; nothing was changed. Reload and try again.")
{
    public Exception Conflict { get; } = inner;
}
