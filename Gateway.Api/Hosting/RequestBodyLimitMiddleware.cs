using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace FestivalPos.Gateway.Api.Hosting;

/// <summary>Refuses bodies over Gateway:MaxRequestBodyBytes with 413: at once when Content-Length says so, else while reading.</summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<GatewayOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        var limit = options.Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            throw new BadHttpRequestException($"The request body is larger than {limit} bytes.", StatusCodes.Status413PayloadTooLarge);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        return next(context);
    }
}
