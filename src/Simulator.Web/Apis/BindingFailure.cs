using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Simulator.Web.Apis;

/// <summary>
/// Which of a handler's query or route values the framework could not bind, found by trying each
/// value against its parameter's type the way minimal APIs parse it (invariant culture), not by
/// reading the framework's message.
/// </summary>
internal static class BindingFailure
{
    public static (string Field, string Message)? Find(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (Endpoint(http)?.Metadata.GetMetadata<MethodInfo>() is not { } handler)
        {
            return null;
        }
        foreach (var parameter in handler.GetParameters())
        {
            var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
            if (Expected(type) is not { } expected)
            {
                continue;
            }
            var name = parameter.GetCustomAttribute<FromQueryAttribute>()?.Name ?? parameter.GetCustomAttribute<FromRouteAttribute>()?.Name ?? parameter.Name;
            if (name is null || Value(http, name) is not { Length: > 0 } value || Parses(type, value))
            {
                continue;
            }
            return (JsonNamingPolicy.SnakeCaseLower.ConvertName(name), $"'{value}' is not {expected}.");
        }
        return null;
    }

    /// <summary>Whether the route reads a JSON body (then a failure with no bad value is a missing body).</summary>
    public static bool ExpectsBody(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return Endpoint(http)?.Metadata.GetMetadata<IAcceptsMetadata>() is not null;
    }

    // the exception handler runs with the endpoint and route values cleared; its feature keeps them
    private static Endpoint? Endpoint(HttpContext http) => http.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? http.GetEndpoint();

    private static RouteValueDictionary? RouteValues(HttpContext http) => http.Features.Get<IExceptionHandlerFeature>()?.RouteValues ?? http.Request.RouteValues;

    private static string? Value(HttpContext http, string name) =>
        http.Request.Query.TryGetValue(name, out var query) ? query.ToString()
        : RouteValues(http) is { } routes && routes.TryGetValue(name, out var route) ? Convert.ToString(route, CultureInfo.InvariantCulture)
        : null;

    private static string? Expected(Type type) =>
        type == typeof(int) || type == typeof(long) ? "a whole number"
        : type == typeof(double) || type == typeof(decimal) ? "a number"
        : type == typeof(bool) ? "true or false"
        : null;

    private static bool Parses(Type type, string value) =>
        type == typeof(int) ? int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
        : type == typeof(long) ? long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
        : type == typeof(double) ? double.TryParse(value, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out _)
        : type == typeof(decimal) ? decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _)
        : type != typeof(bool) || bool.TryParse(value, out _);
}
