namespace Simulator.Web.Auth;

/// <summary>Names of the simulator's authentication schemes and policies.</summary>
public static class SimulatorAuth
{
    /// <summary>Picks the bearer scheme for the API and the cookie for the UI.</summary>
    public const string Scheme = "Simulator";

    public const string CookieScheme = "SimulatorCookie";

    public const string BearerScheme = "Bearer";

    /// <summary>Only an Owner may set up, test and activate webhooks, or see deliveries, events and e-mails.</summary>
    public const string OwnerPolicy = "Owner";

    public const string UserIdClaim = "simulator_user_id";
}
