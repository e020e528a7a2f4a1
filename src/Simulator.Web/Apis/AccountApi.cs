using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Simulator.Core.Accounts;
using Simulator.Core.Domain;
using Simulator.Web.Apis.Contracts;
using Simulator.Web.Auth;

namespace Simulator.Web.Apis;

public static class AccountApi
{
    public static IEndpointRouteBuilder MapAccountApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/account", GetAccountAsync).WithTags("Account").WithSummary("The simulated account and its plan");
        api.MapPut("/account/plan", ChangePlanAsync).WithTags("Account")
            .WithExample("""{"plan":"Premium"}""")
            .WithSummary("Change the plan (Owner)")
            .WithDescription("`{\"plan\":\"Premium\"}` or `{\"plan\":\"Standard\"}`. Moving to Standard deactivates active endpoints.")
            .RequireAuthorization(SimulatorAuth.OwnerPolicy);
        api.MapGet("/users", GetUsersAsync).WithTags("Account").WithSummary("The simulated users")
            .WithDescription("In the order they were added. At most `limit` users (1..1000, default 100); the next page: `after_id` = the last id of this one.");
        return api;
    }

    private static async Task<Ok<AccountResponse>> GetAccountAsync(AccountService accounts, CancellationToken ct) =>
        TypedResults.Ok(AccountResponse.From(await accounts.GetAsync(ct)));

    private static Task<Results<Ok<AccountResponse>, ValidationProblem>> ChangePlanAsync(ChangePlanRequest request, AccountService accounts, CancellationToken ct) =>
        ApiOutcome.CheckedAsync(async () =>
        {
            var plan = ApiValidation.ParseEnum<Plan>(request.Plan, "plan", lowerCase: false);
            return TypedResults.Ok(AccountResponse.From(await accounts.ChangePlanAsync(plan, ct)));
        });

    private static Task<Results<Ok<List<UserResponse>>, ValidationProblem>> GetUsersAsync(
        AccountService accounts, CancellationToken ct,
        [FromQuery(Name = "limit")] int? limit = null,
        [FromQuery(Name = "after_id")] int? afterId = null)
        => ApiOutcome.CheckedAsync(async () =>
        {
            ApiPaging.CheckAfter(afterId);
            return TypedResults.Ok((await accounts.UsersAsync(ApiPaging.Limit(limit), afterId, ct)).Select(UserResponse.From).ToList());
        });
}
