using FestivalPos.Gateway.Api.Auth;
using FestivalPos.Gateway.Api.Errors;
using FestivalPos.Gateway.Api.Hosting;
using FestivalPos.Gateway.Api.RateLimiting;
using FestivalPos.Gateway.Api.Telemetry;
using FestivalPos.Gateway.Api.Validation;
using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.Refunds;
using FestivalPos.Grains.Interfaces.Wallets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FestivalPos.Gateway.Api.Apis;

/// <summary>
/// Refunds of an approved charge, whole or in part, idempotent by refundId: by an organizer, or by the terminal that
/// sold it within <c>Refunds:DeviceWindowSeconds</c>. A refund never gives back more than is left of its charge.
/// </summary>
public static class RefundsApi
{
    public static IEndpointRouteBuilder MapRefundsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/refunds", (Wire.Contracts.RefundRequest request, IGrainFactory grains, IOptions<LedgerApiOptions> ledger, GatewayMetrics metrics) =>
                Apply(request, deviceId: null, grains, ledger, metrics))
            .WithTags("Refunds").WithName("Refund").WithSummary("Gives back (part of) an approved charge; the same refundId again answers duplicate.")
            .RequireAuthorization(Policies.Organizer).RequireRateLimiting(RateLimitingSetup.ClientPolicy);
        app.MapPost("/api/v1/devices/{deviceId}/refunds", (string deviceId, Wire.Contracts.RefundRequest request, IGrainFactory grains, IOptions<LedgerApiOptions> ledger, GatewayMetrics metrics) =>
                Apply(request, deviceId, grains, ledger, metrics))
            .WithTags("Refunds").WithName("RefundOwnSale").WithSummary("A terminal gives back (part of) its own recent sale; the same refundId again answers duplicate.")
            .RequireAuthorization(Policies.Device).RequireRateLimiting(RateLimitingSetup.ClientPolicy);
        return app;
    }

    private static async Task<Results<Ok<Wire.Contracts.RefundResponse>, ProblemHttpResult, ValidationProblem>> Apply(
        Wire.Contracts.RefundRequest request, string? deviceId, IGrainFactory grains, IOptions<LedgerApiOptions> ledger, GatewayMetrics metrics)
    {
        var validator = new RequestValidator()
            .Id("refundId", request.RefundId)
            .Id("walletId", request.WalletId)
            .Check(Wire.TxId.TryParse(request.TxId, out var seller, out _) && LedgerLimits.IsValidId(seller), "txId", "Must be a charge's txId: {deviceId}:{seq}.")
            .Amount("amount", request.Amount, ledger.Value.MaxAmount);
        if (!validator.IsValid)
        {
            return validator.Problem();
        }

        var result = await grains.Reference<IRefundGrain>(request.RefundId)
            .Apply(request.WalletId, new Grains.Interfaces.Wallets.RefundRequest(request.RefundId, request.TxId, request.Amount, deviceId));
        switch (result.Outcome)
        {
            case RefundOutcome.Applied:
                return TypedResults.Ok(new Wire.Contracts.RefundResponse(request.RefundId, "applied", result.Balance, result.RefundableLeft));
            case RefundOutcome.Duplicate:
                metrics.Duplicate("refund");
                return TypedResults.Ok(new Wire.Contracts.RefundResponse(request.RefundId, "duplicate", result.Balance, result.RefundableLeft));
            case RefundOutcome.Conflict:
                return Problems.Conflict("refund-conflict", "The refundId was used for another refund",
                    $"Refund '{request.RefundId}' was already used with another wallet, charge or amount.");
            case RefundOutcome.ExceedsCharge:
                return Problems.Conflict("refund-exceeds-charge", "The refund is more than is left of the charge",
                    $"Charge '{request.TxId}' has {result.RefundableLeft} left to refund; {request.Amount} was asked. Nothing was refunded.");
            case RefundOutcome.OtherDevice:
                return Problems.Forbidden("other-device", "A device may only act as itself", $"Charge '{request.TxId}' was sold by another device: an organizer refunds it.");
            case RefundOutcome.WindowClosed:
                return Problems.Forbidden("refund-window-closed", "The terminal's time to refund this sale is over",
                    $"Charge '{request.TxId}' is older than the terminal refund window: an organizer refunds it.");
            case RefundOutcome.WalletNotFound:
                return WalletsApi.WalletNotFound(request.WalletId);
            case RefundOutcome.ChargeNotFound:
                return Problems.NotFound("charge", $"Wallet '{request.WalletId}' has no approved charge '{request.TxId}'.");
            default:
                return Problems.BadRequest("validation", "The request is not valid", "The ledger refused the input.");
        }
    }
}
