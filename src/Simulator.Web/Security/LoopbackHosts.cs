using Microsoft.AspNetCore.HostFiltering;

namespace Simulator.Web.Security;

/// <summary>
/// Which <c>Host</c> headers the simulator answers (ASP.NET Core's host filtering): the loopback
/// names, <c>host.docker.internal</c> and the compose service name, plus whatever the
/// <c>AllowedHosts</c> setting adds (<c>*</c> allows every name). Any other name gets 400, so a web
/// page that rebinds its own name to 127.0.0.1 (DNS rebinding) cannot drive the simulator.
/// </summary>
public static class LoopbackHosts
{
    public static readonly IReadOnlyList<string> Defaults = ["localhost", "127.0.0.1", "[::1]", "host.docker.internal", "simulator"];

    public static IServiceCollection AddLoopbackHostFiltering(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<HostFilteringOptions>(options =>
        {
            var configured = configuration["AllowedHosts"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
            options.AllowedHosts = Defaults.Concat(configured).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        });
        return services;
    }
}
