using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace Simulator.Web.Security;

/// <summary>
/// API request bodies are at most 256 KB: a larger declared <c>Content-Length</c> gets a 413
/// problem before anything is read, and a chunked body is cut off by the server at the same size
/// (its 413 becomes a problem in <see cref="Apis.ApiExceptionHandler"/>).
/// </summary>
public static class ApiBodyLimit
{
    public const long MaxBytes = 256 * 1024;

    public static IApplicationBuilder UseApiBodyLimit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength > MaxBytes)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status413PayloadTooLarge,
                        Title = "Request body too large",
                        Detail = $"API request bodies may be at most {MaxBytes / 1024} KB.",
                    },
                });
                return;
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = MaxBytes;
            }
            await next(context);
        });
}
