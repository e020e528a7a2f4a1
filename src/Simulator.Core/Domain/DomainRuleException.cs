namespace Simulator.Core.Domain;

/// <summary>A state change the domain refuses (activate on Standard, cancel a finished delivery, ...).</summary>
public class DomainRuleException(string title, string detail) : Exception(detail)
{
    /// <summary>A short, stable summary (the problem-details title).</summary>
    public string Title { get; } = title;
}
