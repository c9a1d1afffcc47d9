using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace FestivalPos.Gateway.Api.Errors;

/// <summary>
/// Request bodies and parameters that cannot be read (bad JSON, wrong types, unknown properties,
/// missing fields, too large, wrong media type) become a 4xx ProblemDetails saying why.
/// </summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    private const string UnsupportedMediaTypeTitle = "Expected a JSON body (application/json)";

    /// <summary>
    /// Routing refuses a body that is not JSON with a bare 415 before authentication or any handler runs;
    /// its status code page gets the same problem type as a 415 met while reading the body.
    /// </summary>
    public static void NameStatusCodePages(ProblemDetailsContext context)
    {
        if (context.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType && context.Exception is null
            && context.ProblemDetails.Type?.StartsWith(Problems.TypePrefix, StringComparison.Ordinal) != true)
        {
            context.ProblemDetails.Type = Problems.TypePrefix + "unsupported-media-type";
            context.ProblemDetails.Title = UnsupportedMediaTypeTitle;
            context.ProblemDetails.Detail ??= $"Expected a JSON body (application/json), not '{context.HttpContext.Request.ContentType}'.";
        }
    }

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        var (type, title) = badRequest.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => ("body-too-large", "Request body too large"),
            StatusCodes.Status415UnsupportedMediaType => ("unsupported-media-type", UnsupportedMediaTypeTitle),
            _ => ("malformed-request", "Malformed request"),
        };
        var detail = badRequest.InnerException is JsonException json ? $"{badRequest.Message} {json.Message}" : badRequest.Message;
        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = badRequest.StatusCode,
                Type = Problems.TypePrefix + type,
                Title = title,
                Detail = detail,
            },
        });
    }
}
