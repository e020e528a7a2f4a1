using Microsoft.AspNetCore.Http.HttpResults;
using Simulator.Core.Domain;
using Simulator.Core.ReceiverChecks;
using Simulator.Web.Apis.Contracts;
using Simulator.Web.Auth;

namespace Simulator.Web.Apis;

/// <summary>The receiver check (README.md, "Check a receiver"): Owner only, like every webhook route; the Standard plan may run it.</summary>
public static class ReceiverChecksApi
{
    public static IEndpointRouteBuilder MapReceiverChecksApi(this IEndpointRouteBuilder api)
    {
        var checks = api.MapGroup("/receiver-checks").WithTags("Receiver checks").RequireAuthorization(SimulatorAuth.OwnerPolicy);
        checks.MapPost("/", StartAsync)
            .WithExample("""{"url":"http://host.docker.internal:3000/webhooks"}""")
            .WithSummary("Check a receiver: start the conformance check of a URL")
            .WithDescription("Sends a fixed series of realistic events (generated SOAP notes, not saved to the account) and judges the answers case by case: accepts_created, accepts_updated, answers_quickly, accepts_duplicate, accepts_concurrent_duplicate, accepts_out_of_order, accepts_unicode, accepts_large_note. 202 with the check while it runs; read it again until its status is passed or failed (with error set when the check could not run: the receiver could not be reached, or the check broke off). 429 when as many checks as may run at once (Simulator:ReceiverCheck:MaxConcurrent) are running.");
        checks.MapGet("/{id}", Get).WithSummary("One receiver check, with its cases");
        checks.MapGet("/{id}/junit", GetJUnit)
            .WithSummary("One receiver check as JUnit XML")
            .WithDescription("One testsuite, one testcase per case, a failure element in each failed one, an error element in each case the check could not run. Times are real time; characters XML cannot carry are replaced, and the report says so.")
            .Produces<string>(200, JUnitReport.ContentType);
        return api;
    }

    private static async Task<Results<Accepted<ReceiverCheckReport>, ValidationProblem, TooManyRequestsProblem>> StartAsync(StartReceiverCheckRequest request, ReceiverCheckStore checks)
    {
        try
        {
            var check = await checks.StartAsync(request.Url);
            return TypedResults.Accepted($"/api/receiver-checks/{check.Id}", check);
        }
        catch (DomainValidationException invalid)
        {
            return ApiOutcome.Invalid(invalid.Errors);
        }
        catch (TooManyReceiverChecksException busy)
        {
            return new TooManyRequestsProblem("Too many receiver checks", busy.Message);
        }
    }

    private static Results<Ok<ReceiverCheckReport>, NotFoundProblem> Get(string id, ReceiverCheckStore checks) =>
        checks.Find(id) is { } check ? TypedResults.Ok(check) : NotFound(id);

    private static Results<ContentHttpResult, NotFoundProblem> GetJUnit(string id, ReceiverCheckStore checks) =>
        checks.Find(id) is { } check ? TypedResults.Text(JUnitReport.Write(check), JUnitReport.ContentType) : NotFound(id);

    private static NotFoundProblem NotFound(string id) =>
        new($"Receiver check {id} does not exist (checks are kept in memory, the last {ReceiverCheckStore.Capacity}).");
}
