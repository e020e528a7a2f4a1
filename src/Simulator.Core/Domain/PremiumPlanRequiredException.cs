namespace Simulator.Core.Domain;

/// <summary>Raised when a webhook endpoint is activated while the account is on the Standard plan.</summary>
public sealed class PremiumPlanRequiredException()
    : DomainRuleException(
        "Premium plan required",
        "Webhooks can be set up and tested on the Standard plan, but activating an endpoint requires an upgrade to Premium.");
