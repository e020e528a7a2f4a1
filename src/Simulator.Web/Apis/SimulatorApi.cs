namespace Simulator.Web.Apis;

public static class SimulatorApi
{
    /// <summary>The REST API under <c>/api</c> (README.md, "Drive it from a script") and <c>/healthz</c>.</summary>
    public static IEndpointRouteBuilder MapSimulatorApi(this IEndpointRouteBuilder app)
    {
        app.MapHealthApi();

        var api = app.MapGroup("/api").RequireAuthorization();
        api.MapAccountApi();
        api.MapSoapNotesApi();
        api.MapWebhookEndpointsApi();
        api.MapDeliveriesApi();
        api.MapClockApi();
        api.MapReceiverChecksApi();
        return app;
    }
}
