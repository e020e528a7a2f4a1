using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Simulator.Core.Accounts;

namespace Simulator.Web.Auth;

/// <summary>The UI's sign-in: act as a seeded user (a local simulator has no passwords).</summary>
public static class SignInApi
{
    public static IEndpointRouteBuilder MapSignIn(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/sign-in", SignInAsync).ExcludeFromDescription();
        app.MapPost("/account/sign-out", (Delegate)SignOutAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> SignInAsync(HttpContext context, AccountService accounts, [FromForm] int userId, [FromForm] string? returnUrl)
    {
        var user = await accounts.FindUserAsync(userId, context.RequestAborted);
        if (user is null)
        {
            return TypedResults.Redirect("/sign-in?error=unknown-user");
        }
        var identity = new ClaimsIdentity(UserClaims.For(user), SimulatorAuth.CookieScheme, ClaimTypes.Name, ClaimTypes.Role);
        await context.SignInAsync(SimulatorAuth.CookieScheme, new ClaimsPrincipal(identity));
        return TypedResults.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
    }

    private static async Task<RedirectHttpResult> SignOutAsync(HttpContext context)
    {
        await context.SignOutAsync(SimulatorAuth.CookieScheme);
        return TypedResults.LocalRedirect("/sign-in");
    }

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);
}
