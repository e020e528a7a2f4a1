using Simulator.Core.Domain;

namespace Simulator.Web.Apis;

/// <summary>Small input checks shared by the API handlers; each throws a field-level 400.</summary>
internal static class ApiValidation
{
    public static DomainValidationException Field(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] });

    public static T ParseEnum<T>(string? value, string field, bool lowerCase = true)
        where T : struct, Enum
    {
        if (value is not null && Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _))
        {
            return parsed;
        }
        throw Field(field, $"Use one of: {string.Join(", ", Enum.GetNames<T>().Select(n => lowerCase ? n.ToLowerInvariant() : n))}.");
    }
}
