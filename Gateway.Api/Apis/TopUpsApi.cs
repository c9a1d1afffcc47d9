using FestivalPos.Gateway.Api.Auth;
using FestivalPos.Gateway.Api.Errors;
using FestivalPos.Gateway.Api.Hosting;
using FestivalPos.Gateway.Api.RateLimiting;
using FestivalPos.Gateway.Api.Telemetry;
using FestivalPos.Gateway.Api.Validation;
using FestivalPos.Grains.Interfaces.TopUps;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FestivalPos.Gateway.Api.Apis;

/// <summary>The top-up provider credits wallets, idempotently by its own topupId.</summary>
public static class TopUpsApi
{
    public static IEndpointRouteBuilder MapTopUpsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/topups").WithTags("Top-ups")
            .RequireAuthorization(Policies.TopUp)
            .RequireRateLimiting(RateLimitingSetup.ClientPolicy);
        api.MapPost("/", Apply).WithName("TopUp").WithSummary("Credits a wallet once per topupId; a repeat answers duplicate.");
        return app;
    }

    public static async Task<Results<Ok<TopUpResponse>, ProblemHttpResult, ValidationProblem>> Apply(
        Wire.Contracts.TopUpRequest request, IGrainFactory grains, IOptions<LedgerApiOptions> ledger, GatewayMetrics metrics)
    {
        var validator = new RequestValidator()
            .Id("topupId", request.TopupId)
            .Id("walletId", request.WalletId)
            .Amount("amount", request.Amount, ledger.Value.MaxAmount);
        if (!validator.IsValid)
        {
            return validator.Problem();
        }

        var result = await grains.Reference<ITopUpGrain>(request.TopupId).Apply(new Grains.Interfaces.TopUps.TopUpRequest(request.TopupId, request.WalletId, request.Amount));
        switch (result.Outcome)
        {
            case TopUpOutcome.Applied:
                return TypedResults.Ok(new TopUpResponse(request.TopupId, "applied", result.Balance));
            case TopUpOutcome.Duplicate:
                metrics.Duplicate("topup");
                return TypedResults.Ok(new TopUpResponse(request.TopupId, "duplicate", result.Balance));
            case TopUpOutcome.Conflict:
                return Problems.Conflict("topup-conflict", "The topupId was used with another wallet or amount", $"Top-up '{request.TopupId}' was already applied with different content.");
            case TopUpOutcome.WalletNotFound:
                return WalletsApi.WalletNotFound(request.WalletId);
            case TopUpOutcome.OverTopUpLimit:
                return Problems.BadRequest("topup-over-limit", "The amount is above the festival's maximum top-up",
                    $"A top-up may credit at most {result.Limit}; {request.Amount} was asked. Nothing was credited.");
            case TopUpOutcome.OverBalanceLimit:
                return Problems.Conflict("balance-over-limit", "The top-up would take the wallet over the festival's maximum balance",
                    $"Wallet '{request.WalletId}' holds {result.Balance} and may hold at most {result.Limit}: it can take at most {Math.Max(0, result.Limit - result.Balance)} more. Nothing was credited.");
            default:
                return Problems.BadRequest("validation", "The request is not valid", "The ledger refused the input.");
        }
    }
}
