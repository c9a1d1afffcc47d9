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
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        var (type, title) = badRequest.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => ("body-too-large", "Request body too large"),
            StatusCodes.Status415UnsupportedMediaType => ("unsupported-media-type", "Expected a JSON body (application/json)"),
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
