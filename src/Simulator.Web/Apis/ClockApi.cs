using Microsoft.AspNetCore.Http.HttpResults;
using Simulator.Core;
using Simulator.Core.Clock;
using Simulator.Core.Webhooks;
using Simulator.Web.Apis.Contracts;
using Simulator.Web.Auth;

namespace Simulator.Web.Apis;

public static class ClockApi
{
    public const double MaxAdvanceSeconds = 30 * 24 * 3600;

    public static IEndpointRouteBuilder MapClockApi(this IEndpointRouteBuilder api)
    {
        var clock = api.MapGroup("/clock").WithTags("Clock");
        clock.MapGet("/", Get).WithSummary("Simulated now and speed");
        // the clock is the whole account's: a jump of 30 days fails the Owner's deliveries and disables the Owner's endpoints
        clock.MapPut("/", Set)
            .RequireAuthorization(SimulatorAuth.OwnerPolicy)
            .WithExample("""{"speed":3600}""")
            .WithSummary("Change the speed: simulated seconds per real second (0 pauses) (Owner)");
        clock.MapPost("/advance", AdvanceAsync)
            .RequireAuthorization(SimulatorAuth.OwnerPolicy)
            .WithExample("""{"seconds":3600}""")
            .WithSummary("Jump ahead, running all work that falls due on the way (Owner)")
            .WithDescription("Returns after the attempts, retries and disabling that fell due have run, so a script can advance and then assert.");
        return api;
    }

    private static Ok<ClockResponse> Get(SimulationClock clock, WebhookActivity activity) =>
        TypedResults.Ok(Describe(clock, activity));

    private static Results<Ok<ClockResponse>, ValidationProblem> Set(SetClockRequest request, SimulationClock clock, WebhookActivity activity)
    {
        if (request.Speed is not { } speed || !ClockOptions.IsValidSpeed(speed))
        {
            return ApiOutcome.Invalid("speed", $"Give the speed as {SimulationSpeedAttribute.Rule}; 1 is real time, 60 one simulated minute per second.");
        }
        clock.SetSpeed(speed);
        return TypedResults.Ok(Describe(clock, activity));
    }

    private static async Task<Results<Ok<ClockResponse>, ValidationProblem>> AdvanceAsync(AdvanceClockRequest request, SimulationControl control, WebhookActivity activity, CancellationToken ct)
    {
        if (request.Seconds is not { } seconds || double.IsNaN(seconds) || seconds <= 0 || seconds > MaxAdvanceSeconds)
        {
            return ApiOutcome.Invalid("seconds", $"Give the seconds to jump ahead, more than 0 and at most {MaxAdvanceSeconds:0} (30 days).");
        }
        await control.AdvanceAsync(TimeSpan.FromSeconds(seconds), ct);
        return TypedResults.Ok(Describe(control.Clock, activity));
    }

    private static ClockResponse Describe(SimulationClock clock, WebhookActivity activity) =>
        new(clock.GetUtcNow(), clock.Speed, clock.Speed == 0, activity.NextAttemptAt);
}
