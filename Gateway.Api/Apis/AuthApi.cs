using FestivalPos.Gateway.Api.Auth;
using FestivalPos.Gateway.Api.Errors;
using FestivalPos.Gateway.Api.RateLimiting;
using FestivalPos.Gateway.Api.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FestivalPos.Gateway.Api.Apis;

public static class AuthApi
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/auth").WithTags("Auth");
        api.MapPost("/token", IssueToken)
            .WithName("IssueToken")
            .WithSummary("Exchanges client credentials for a short-lived bearer token.")
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitingSetup.TokenPolicy);
        return app;
    }

    public static async Task<Results<Ok<TokenResponse>, ProblemHttpResult, ValidationProblem>> IssueToken(TokenRequest request, TokenIssuer issuer)
    {
        var validator = new RequestValidator()
            .Text("clientId", request.ClientId, Grains.Interfaces.Auth.IApiClientGrain.MaxClientIdLength)
            .Text("clientSecret", request.ClientSecret, RequestValidator.MaxSecretLength);
        if (!validator.IsValid)
        {
            return validator.Problem();
        }

        var client = await issuer.AuthenticateAsync(request.ClientId, request.ClientSecret);
        if (client is null)
        {
            return Problems.Unauthorized("invalid-client", "Unknown client or wrong secret", "The client id and secret do not match an active client.");
        }

        return TypedResults.Ok(new TokenResponse(await issuer.IssueAsync(client), "Bearer", issuer.LifetimeSeconds));
    }
}
