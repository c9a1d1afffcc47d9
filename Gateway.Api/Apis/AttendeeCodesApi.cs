using FestivalPos.Gateway.Api.Auth;
using FestivalPos.Gateway.Api.RateLimiting;
using FestivalPos.Gateway.Api.Validation;
using FestivalPos.Grains.Interfaces.Wallets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FestivalPos.Gateway.Api.Apis;

/// <summary>The code an attendee signs in to their own page (<c>/wallet</c>) with, issued by an organizer and shown once.</summary>
public static class AttendeeCodesApi
{
    public static IEndpointRouteBuilder MapAttendeeCodesApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/wallets/{walletId}/attendee-code", Issue).WithTags("Wallets").WithName("IssueAttendeeCode")
            .WithSummary("A new code for the attendee's own page, replacing the one before (whose sessions end); shown only in this answer.")
            .RequireAuthorization(Policies.Organizer).RequireRateLimiting(RateLimitingSetup.ClientPolicy).CarriesSecrets();
        return app;
    }

    public static async Task<Results<Ok<Wire.Contracts.AttendeeCodeResponse>, ProblemHttpResult, ValidationProblem>> Issue(string walletId, IGrainFactory grains)
    {
        var validator = new RequestValidator().Id("walletId", walletId);
        if (!validator.IsValid)
        {
            return validator.Problem();
        }

        return await grains.Reference<IWalletGrain>(walletId).IssueAttendeeCode() is { } code
            ? TypedResults.Ok(new Wire.Contracts.AttendeeCodeResponse(walletId, code))
            : WalletsApi.WalletNotFound(walletId);
    }
}
