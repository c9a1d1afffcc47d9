using System.Globalization;
using FestivalPos.Gateway.Api.Auth;
using FestivalPos.Gateway.Api.Errors;
using FestivalPos.Gateway.Api.Hosting;
using FestivalPos.Gateway.Api.RateLimiting;
using FestivalPos.Gateway.Api.Telemetry;
using FestivalPos.Gateway.Api.Validation;
using FestivalPos.Grains.Interfaces.Devices;
using FestivalPos.Grains.Interfaces.Wallets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FestivalPos.Gateway.Api.Apis;

/// <summary>Online charges of a POS device, identified by (deviceId, seq).</summary>
public static class PaymentsApi
{
    public static IEndpointRouteBuilder MapPaymentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/devices/{deviceId}/payments").WithTags("Payments")
            .RequireAuthorization(Policies.Device)
            .RequireRateLimiting(RateLimitingSetup.ClientPolicy);
        api.MapPost("/", Charge).WithName("Charge").WithSummary("Charges a wallet online; the same seq again answers the first decision.");
        return app;
    }

    public static async Task<Results<Ok<PaymentResponse>, ProblemHttpResult, ValidationProblem>> Charge(
        string deviceId, PaymentRequest request, IGrainFactory grains, IOptions<LedgerApiOptions> ledger, GatewayMetrics metrics, HttpContext http)
    {
        var validator = new RequestValidator()
            .Id("deviceId", deviceId)
            .Seq("seq", request.Seq)
            .Id("walletId", request.WalletId)
            .Amount("amount", request.Amount, ledger.Value.MaxAmount)
            .Credential("credential", request.Credential)
            .CreatedAt("createdAt", request.CreatedAt)
            .Lines("lines", request.Lines, request.Amount, ledger.Value.MaxAmount);
        if (!validator.IsValid)
        {
            return validator.Problem();
        }

        var charge = new OnlineCharge(deviceId, request.Seq, request.WalletId, request.Amount, request.Credential.ToCredential(), request.CreatedAt, ChargeLine.From(request.Lines));
        var result = await grains.Reference<IPosDeviceGrain>(deviceId).Charge(charge);
        return ToAnswer(result, request, metrics, http);
    }

    private static Results<Ok<PaymentResponse>, ProblemHttpResult, ValidationProblem> ToAnswer(ChargeResult result, PaymentRequest request, GatewayMetrics metrics, HttpContext http)
    {
        switch (result.Outcome)
        {
            case ChargeOutcome.Approved or ChargeOutcome.Declined:
                var status = result.Outcome == ChargeOutcome.Approved ? "approved" : "declined";
                var reason = result.Reason is { } declined ? Names.Of(declined) : null;
                metrics.Charged(result, status, reason);
                return TypedResults.Ok(new PaymentResponse(result.TxId, status, reason, result.Balance));
            case ChargeOutcome.Conflict:
                return Problems.Conflict("seq-conflict", "The seq was already used for another charge",
                    $"Charge '{result.TxId}' was decided with different content: '{result.ConflictField ?? "seq"}' differs.");
            case ChargeOutcome.PinAttemptsExceeded:
                http.Response.Headers.RetryAfter = Math.Max(1, result.RetryAfterSeconds).ToString(CultureInfo.InvariantCulture);
                return Problems.Create(StatusCodes.Status429TooManyRequests, "pin-attempts-exceeded", "Too many PIN payments from this device",
                    "The device started more PIN payments this minute than it may; the seq stays undecided, try it again after Retry-After seconds.");
            case ChargeOutcome.WalletNotFound:
                return WalletsApi.WalletNotFound(request.WalletId);
            case ChargeOutcome.DeviceNotFound:
                return Problems.NotFound("device", "The device is not enrolled.");
            case ChargeOutcome.DeviceRevoked:
                // Revoked between the token check and the charge: answered as its token would be from now on.
                return Problems.Unauthorized("client-revoked", "The client of this access token is revoked or unknown", "The device was revoked.");
            default:
                return Problems.BadRequest("validation", "The request is not valid", "The ledger refused the input.");
        }
    }
}
