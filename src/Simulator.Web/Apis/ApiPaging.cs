namespace Simulator.Web.Apis;

/// <summary>
/// The list routes' page: <c>limit</c> (1..1000, default 100) items. Activity lists (deliveries,
/// events, e-mails) run newest first, with the cursor <c>before_id</c> (only items with a smaller
/// id: pass the last id of the page before); the short lists of things set up (endpoints, users)
/// run oldest first, with <c>after_id</c>.
/// </summary>
internal static class ApiPaging
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>The limit to use; a value outside 1..1000 is a 400 naming <c>limit</c>.</summary>
    public static int Limit(int? limit) => limit switch
    {
        null => DefaultLimit,
        >= 1 and <= MaxLimit => limit.Value,
        _ => throw ApiValidation.Field("limit", $"Use a number from 1 to {MaxLimit} (default {DefaultLimit})."),
    };

    public static void CheckCursor(long? beforeId)
    {
        if (beforeId is <= 0)
        {
            throw ApiValidation.Field("before_id", "Use the id of the last item of the previous page (a positive number).");
        }
    }

    public static void CheckAfter(long? afterId)
    {
        if (afterId is <= 0)
        {
            throw ApiValidation.Field("after_id", "Use the id of the last item of the previous page (a positive number).");
        }
    }
}
