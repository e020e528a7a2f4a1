using Simulator.Core.Domain;

namespace Simulator.Tests.Core.Domain;

/// <summary>The account's plan and its users, as the plan switch and the API see them.</summary>
public sealed class AccountTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 26, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Only_the_premium_plan_may_activate_webhooks()
    {
        Assert.True(new Account("Practice", Plan.Premium, Now).CanActivateWebhooks);
        Assert.False(new Account("Practice", Plan.Standard, Now).CanActivateWebhooks);
    }

    [Fact]
    public void Changing_the_plan_says_whether_it_changed_and_when()
    {
        var account = new Account("Practice", Plan.Standard, Now);

        Assert.False(account.ChangePlan(Plan.Standard, Now.AddHours(1)));
        Assert.Equal(Now, account.PlanChangedAt);
        Assert.True(account.ChangePlan(Plan.Premium, Now.AddHours(2)));
        Assert.Equal((Plan.Premium, Now.AddHours(2)), (account.Plan, account.PlanChangedAt));
        Assert.Throws<ArgumentOutOfRangeException>(() => account.ChangePlan((Plan)7, Now.AddHours(3)));
        Assert.Equal(Plan.Premium, account.Plan);
        Assert.Throws<ArgumentException>(() => new Account(" ", Plan.Premium, Now));
    }

    [Fact]
    public void A_user_needs_a_name_an_email_and_a_token_and_only_the_owner_is_one()
    {
        var owner = new User("Olivia Owner", "olivia@example.com", Role.Owner, "owner-token");

        Assert.True(owner.IsOwner);
        Assert.Equal(("Olivia Owner", "olivia@example.com", "owner-token"), (owner.Name, owner.Email, owner.ApiToken));
        Assert.False(new User("Tom", "tom@example.com", Role.Practitioner, "t").IsOwner);
        Assert.Throws<ArgumentException>(() => new User(" ", "tom@example.com", Role.Owner, "t"));
        Assert.Throws<ArgumentException>(() => new User("Tom", "", Role.Owner, "t"));
        Assert.Throws<ArgumentException>(() => new User("Tom", "tom@example.com", Role.Owner, " "));
    }

    [Fact]
    public void Each_fault_has_its_name_in_the_api()
    {
        Assert.Equal(
            ["duplicate", "concurrent_duplicate", "reordered"],
            Enum.GetValues<DeliveryFault>().Select(f => f.Name()));
        Assert.Throws<ArgumentOutOfRangeException>(() => ((DeliveryFault)9).Name());
    }
}
