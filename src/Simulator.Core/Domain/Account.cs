namespace Simulator.Core.Domain;

/// <summary>The one simulated Instinctive Notes account.</summary>
public sealed class Account
{
    private Account()
    {
        PracticeName = string.Empty;
    }

    public Account(string practiceName, Plan plan, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(practiceName);
        PracticeName = practiceName;
        Plan = plan;
        PlanChangedAt = now;
    }

    public int Id { get; private set; }

    public string PracticeName { get; private set; }

    public Plan Plan { get; private set; }

    public DateTimeOffset PlanChangedAt { get; private set; }

    public bool CanActivateWebhooks => Plan == Plan.Premium;

    /// <summary>Changes the plan; returns whether it changed.</summary>
    public bool ChangePlan(Plan plan, DateTimeOffset now)
    {
        if (!Enum.IsDefined(plan))
        {
            throw new ArgumentOutOfRangeException(nameof(plan), plan, "Unknown plan.");
        }
        if (plan == Plan)
        {
            return false;
        }
        Plan = plan;
        PlanChangedAt = now;
        return true;
    }
}
