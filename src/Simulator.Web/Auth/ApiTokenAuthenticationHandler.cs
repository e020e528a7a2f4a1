using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Simulator.Core.Accounts;

namespace Simulator.Web.Auth;

/// <summary><c>Authorization: Bearer &lt;token&gt;</c> with the seeded users' API tokens.</summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AccountService accounts,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("Use 'Authorization: Bearer <token>'.");
        }
        var token = header["Bearer ".Length..].Trim();
        var user = token.Length is > 0 and <= 200 ? await accounts.FindByTokenAsync(token, Context.RequestAborted) : null;
        if (user is null)
        {
            return AuthenticateResult.Fail("Unknown API token.");
        }
        var identity = new ClaimsIdentity(UserClaims.For(user), Scheme.Name, ClaimTypes.Name, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Authentication required",
                Detail = "Send 'Authorization: Bearer <token>' with a simulated user's token (dev-owner-token or dev-practitioner-token).",
            },
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Owner role required",
                Detail = "For the security and privacy of patients' data, only an Owner may set up and test webhooks or see deliveries, events and e-mails; and only the Owner changes the simulated clock, which runs every user's deliveries.",
            },
        });
    }
}
