using System.Globalization;
using FestivalPos.Gateway.Api.Auth;
using FestivalPos.Gateway.Api.Errors;
using FestivalPos.Gateway.Api.RateLimiting;
using FestivalPos.Gateway.Api.Telemetry;
using FestivalPos.Gateway.Api.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FestivalPos.Gateway.Api.Apis;

public static class AuthApi
{
    /// <summary>When too many stretched secret checks run and wait: one second drains the queue many times over.</summary>
    public const int BusyRetryAfterSeconds = 1;

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/auth").WithTags("Auth");
        api.MapPost("/token", IssueToken)
            .WithName("IssueToken")
            .WithSummary("Exchanges client credentials for a short-lived bearer token.")
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitingSetup.TokenPolicy)
            .CarriesSecrets();
        api.MapPost("/signing-keys/rotate", RotateSigningKey)
            .WithName("RotateSigningKey")
            .WithSummary("Signs new tokens with a new cluster-held key; tokens signed with the one before stay valid until they expire.")
            .RequireAuthorization(Policies.Organizer)
            .RequireRateLimiting(RateLimitingSetup.ClientPolicy)
            .CarriesSecrets();
        return app;
    }

    public static async Task<Results<Ok<SigningKeyRotationResponse>, ProblemHttpResult>> RotateSigningKey(SigningKeyProvider keys)
    {
        if (keys.IsConfigured)
        {
            return Problems.Conflict("signing-keys-configured", "The token signing keys are configured",
                "Auth:SigningKey is set: rotate it by moving it to Auth:PreviousSigningKeys and setting a new Auth:SigningKey.");
        }

        var rotation = await keys.RotateAsync();
        return TypedResults.Ok(new SigningKeyRotationResponse(rotation.KeyId, rotation.PreviousKeyId));
    }

    public static async Task<Results<Ok<TokenResponse>, ProblemHttpResult, ValidationProblem>> IssueToken(
        TokenRequest request, TokenIssuer issuer, GatewayMetrics metrics, HttpContext http)
    {
        var validator = new RequestValidator()
            .Text("clientId", request.ClientId, Grains.Interfaces.Auth.IApiClientGrain.MaxClientIdLength)
            .Text("clientSecret", request.ClientSecret, RequestValidator.MaxSecretLength);
        if (!validator.IsValid)
        {
            return validator.Problem();
        }

        var authentication = await issuer.AuthenticateAsync(request.ClientId, request.ClientSecret);
        switch (authentication.Outcome)
        {
            case TokenAuthenticationOutcome.Authenticated:
                metrics.TokenRequest("issued");
                return TypedResults.Ok(new TokenResponse(await issuer.IssueAsync(authentication.Client!), "Bearer", issuer.LifetimeSeconds));
            case TokenAuthenticationOutcome.BackingOff:
                metrics.TokenRequest("backing-off");
                var seconds = RetryAfter(http, authentication.RetryAfter);
                return Problems.Create(StatusCodes.Status429TooManyRequests, "secret-attempts-exceeded", "Too many wrong secrets for this client",
                    $"This client id was tried with too many wrong secrets; try again after {seconds} seconds.");
            case TokenAuthenticationOutcome.Busy:
                metrics.TokenRequest("busy");
                RetryAfter(http, TimeSpan.FromSeconds(BusyRetryAfterSeconds));
                return Problems.Create(StatusCodes.Status503ServiceUnavailable, "secret-checks-busy", "Too many secret checks at once",
                    "The gateway is checking as many secrets as it may; send the request again after Retry-After seconds.");
            default:
                metrics.TokenRequest("invalid-client");
                return Problems.Unauthorized("invalid-client", "Unknown client or wrong secret", "The client id and secret do not match an active client.");
        }
    }

    private static int RetryAfter(HttpContext http, TimeSpan wait)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return seconds;
    }
}
