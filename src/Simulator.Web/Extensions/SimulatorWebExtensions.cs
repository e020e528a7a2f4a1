using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.Json;
using Scalar.AspNetCore;
using Simulator.Core;
using Simulator.Postgres;
using Simulator.Web.Apis;
using Simulator.Web.Apis.Contracts;
using Simulator.Web.Auth;
using Simulator.Web.Components;
using Simulator.Web.DemoReceiver;
using Simulator.Web.Security;

namespace Simulator.Web.Extensions;

public static class SimulatorWebExtensions
{
    /// <summary>The simulator: core services, authentication, the API's JSON and OpenAPI, the UI.</summary>
    public static WebApplicationBuilder AddSimulator(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddSimulatorCore(builder.Configuration);
        services.AddSimulatorPostgres(builder.Configuration);
        builder.AddSimulatorObservability();
        services.AddLoopbackHostFiltering(builder.Configuration);

        services.AddAuthentication(SimulatorAuth.Scheme)
            .AddPolicyScheme(SimulatorAuth.Scheme, "API token or UI cookie", options =>
                options.ForwardDefaultSelector = context =>
                    context.Request.Path.StartsWithSegments("/api") ? SimulatorAuth.BearerScheme : SimulatorAuth.CookieScheme)
            .AddCookie(SimulatorAuth.CookieScheme, options =>
            {
                options.Cookie.Name = "simulator.user";
                options.LoginPath = "/sign-in";
                options.AccessDeniedPath = "/owner-required";
                options.ExpireTimeSpan = TimeSpan.FromDays(30);
                options.SlidingExpiration = true;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(SimulatorAuth.BearerScheme, null);
        // the cookie lives in real time, not on the simulation clock (the app's TimeProvider): one 30-day advance would sign everyone out
        services.AddOptions<CookieAuthenticationOptions>(SimulatorAuth.CookieScheme)
            .Configure<IServiceProvider>((options, provider) => options.TimeProvider = provider.GetRequiredKeyedService<TimeProvider>(SimulatorServiceCollectionExtensions.RealTimeKey));
        services.AddAuthorizationBuilder()
            .AddPolicy(SimulatorAuth.OwnerPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(nameof(Core.Domain.Role.Owner)));
        services.AddCascadingAuthenticationState();

        services.Configure<JsonOptions>(options => ConfigureJson(options.SerializerOptions));
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddOpenApi(options => options.AddOperationTransformer(ApiExample.ApplyAsync).AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Instinctive Notes Webhook Simulator API";
            document.Info.Description = "Drive the simulator from a script: register a receiver, raise events, advance the clock, read deliveries. Authenticate with `Authorization: Bearer dev-owner-token`.";
            return Task.CompletedTask;
        }).AddDocumentTransformer(BearerSecurityScheme.ApplyAsync));

        // A failed or timed-out attempt is expected and recorded with the delivery: not a warning in the console.
        services.Configure<Polly.Telemetry.TelemetryOptions>(options => options.SeverityProvider = args =>
            args.Event.Severity > Polly.Telemetry.ResilienceEventSeverity.Information ? Polly.Telemetry.ResilienceEventSeverity.Information : args.Event.Severity);

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddDemoReceiver();
        return builder;
    }

    public static void ConfigureJson(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.Converters.Add(new TimestampJsonConverter());
    }

    private static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    public static WebApplication UseSimulator(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // the UI shows its error and not-found pages; the API answers with problem details
        app.UseWhen(context => !IsApi(context), ui =>
        {
            ui.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/Error", CreateScopeForErrors = true });
            ui.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        });
        app.UseWhen(IsApi, api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
            api.UseApiBodyLimit();
        });
        // routing after the status code pages: a re-executed /not-found is routed again (before, it found no endpoint and went out as a bare 404)
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapOpenApi();
        app.MapScalarApiReference(options => options.WithTitle("Webhook Simulator API")
            .AddPreferredSecuritySchemes([SimulatorAuth.BearerScheme])
            .AddHttpAuthentication(SimulatorAuth.BearerScheme, scheme => scheme.Token = BearerSecurityScheme.OwnerToken)
            // nothing from outside the machine (the script is served by the package itself; the fonts would come from Scalar's CDN),
            // and no button that needs an account at Scalar (Ask AI, MCP, Generate SDK, Deploy)
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .HideDeveloperTools());
        app.MapSimulatorApi();
        app.MapSignIn();
        app.MapDemoReceiver();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
