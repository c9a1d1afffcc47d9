namespace FestivalPos.Gateway.Api.Apis;

/// <summary>
/// Answers that carry a secret or a token (a token, an enrollment, a rotated secret, a QR token) must not be
/// kept by any cache between the gateway and the client: <c>Cache-Control: no-store</c>, and
/// <c>Pragma: no-cache</c> for HTTP/1.0 caches.
/// </summary>
public static class SecretAnswers
{
    public static TBuilder CarriesSecrets<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(static (context, next) =>
        {
            var headers = context.HttpContext.Response.Headers;
            headers.CacheControl = "no-store";
            headers.Pragma = "no-cache";
            return next(context);
        }).WithMetadata(new CarriesSecretsMetadata());

    /// <summary>Marks the endpoint, so its OpenAPI operation documents the headers.</summary>
    public sealed class CarriesSecretsMetadata;
}
