using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
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
        return TypedResults.LocalRedirect(LocalUrl.OrHome(returnUrl));
    }

    /// <summary>Signs out; only a form of this site may (the antiforgery token), not a page elsewhere that posts here.</summary>
    private static async Task<IResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return TypedResults.Text("Sign-out refused: it must come from the simulator's own page. Reload the page and sign out again.", statusCode: StatusCodes.Status400BadRequest);
        }
        await context.SignOutAsync(SimulatorAuth.CookieScheme);
        return TypedResults.LocalRedirect("/sign-in");
    }
}
