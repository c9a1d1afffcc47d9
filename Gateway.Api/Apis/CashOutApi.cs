using FestivalPos.Gateway.Api.Auth;
using FestivalPos.Gateway.Api.Errors;
using FestivalPos.Gateway.Api.RateLimiting;
using FestivalPos.Gateway.Api.Validation;
using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.CashOut;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace FestivalPos.Gateway.Api.Apis;

/// <summary>
/// Cash-out of the leftover balance after the festival: a request per wallet (by an organizer on the attendee's
/// behalf), payout batches an organizer makes, and the top-up provider collecting and confirming them.
/// </summary>
public static class CashOutApi
{
    public const string CsvMediaType = "text/csv";

    public static IEndpointRouteBuilder MapCashOutApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/wallets/{walletId}/cash-out", Request)
            .WithTags("Cash-out").WithName("RequestCashOut").WithSummary("Asks for the wallet's leftover balance to be paid out to the holder (less CashOut:Fee).")
            .RequireAuthorization(Policies.Organizer).RequireRateLimiting(RateLimitingSetup.ClientPolicy);
        app.MapDelete("/api/v1/wallets/{walletId}/cash-out", Withdraw)
            .WithTags("Cash-out").WithName("WithdrawCashOut").WithSummary("Withdraws the wallet's cash-out request while no payout batch has taken it; the wallet may ask again later.")
            .RequireAuthorization(Policies.Organizer).RequireRateLimiting(RateLimitingSetup.ClientPolicy);
        var payouts = app.MapGroup("/api/v1/payouts").WithTags("Cash-out").RequireRateLimiting(RateLimitingSetup.ClientPolicy);
        payouts.MapPost("/batches", CreateBatch).WithName("CreatePayoutBatch")
            .WithSummary("Pays out every open cash-out request under batchId: each wallet debited by its own entry, once; the same batchId again answers the same batch.")
            .RequireAuthorization(Policies.Organizer);
        payouts.MapGet("/batches/{batchId}", GetBatch).WithName("GetPayoutBatch")
            .WithSummary("The batch's payouts with where each goes (name, IBAN, email), as JSON, or as CSV with Accept: text/csv or ?format=csv.")
            .RequireAuthorization(Policies.TopUp).CarriesSecrets();
        payouts.MapPost("/{payoutId}/confirm", Confirm).WithName("ConfirmPayout").WithSummary("The provider made the payout's transfer; idempotent.")
            .RequireAuthorization(Policies.TopUp);
        return app;
    }

    public static async Task<Results<Ok<Wire.Contracts.CashOutResponse>, ProblemHttpResult, ValidationProblem>> Request(string walletId, IGrainFactory grains)
    {
        var validator = new RequestValidator().Id("walletId", walletId);
        if (!validator.IsValid)
        {
            return validator.Problem();
        }

        var result = await grains.Reference<ICashOutDeskGrain>(ICashOutDeskGrain.Key).Request(walletId);
        return result.Outcome switch
        {
            CashOutOutcome.Requested => TypedResults.Ok(new Wire.Contracts.CashOutResponse(walletId, "requested", result.Balance, result.Fee, result.RequestedAt!.Value)),
            CashOutOutcome.AlreadyRequested => TypedResults.Ok(new Wire.Contracts.CashOutResponse(walletId, "duplicate", result.Balance, result.Fee, result.RequestedAt!.Value)),
            CashOutOutcome.WalletNotFound => WalletsApi.WalletNotFound(walletId),
            CashOutOutcome.NotOpenYet => Problems.Conflict("cash-out-not-open", "Cash-out has not opened yet", "Cash-out requests are taken from CashOut:OpensAt on. Nothing was recorded."),
            CashOutOutcome.DeadlinePassed => Problems.Conflict("cash-out-closed", "The cash-out deadline has passed", "Cash-out requests were taken until CashOut:Deadline. Nothing was recorded."),
            CashOutOutcome.NoPayoutDestination => Problems.Conflict("cash-out-no-destination", "The holder data has no IBAN or email",
                $"Set an IBAN or an email for wallet '{walletId}' (PUT /api/v1/wallets/{walletId}/holder) first. Nothing was recorded."),
            CashOutOutcome.BalanceTooLow => Problems.Conflict("cash-out-balance-too-low", "The balance is not above the cash-out fee",
                $"Wallet '{walletId}' holds {result.Balance}; the fee is {result.Fee}: nothing would be paid out. Nothing was recorded."),
            CashOutOutcome.WalletBlocked => Problems.Conflict("cash-out-wallet-blocked", "The wallet is blocked", $"Wallet '{walletId}' is blocked: unblock it before a cash-out. Nothing was recorded."),
            CashOutOutcome.AlreadyPaidOut => Problems.Conflict("cash-out-already-paid", "The wallet was paid out already", $"Wallet '{walletId}' was paid out once; it cannot be paid out again."),
            _ => Problems.BadRequest("validation", "The request is not valid", "The ledger refused the input."),
        };
    }

    /// <summary>Withdrawn (204) until a batch takes the request; after that the batch decides, and a paid wallet stays paid.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> Withdraw(string walletId, IGrainFactory grains)
    {
        var validator = new RequestValidator().Id("walletId", walletId);
        if (!validator.IsValid)
        {
            return validator.Problem();
        }

        return await grains.Reference<ICashOutDeskGrain>(ICashOutDeskGrain.Key).Withdraw(walletId) switch
        {
            CashOutWithdrawalOutcome.Withdrawn => TypedResults.NoContent(),
            CashOutWithdrawalOutcome.WalletNotFound => WalletsApi.WalletNotFound(walletId),
            CashOutWithdrawalOutcome.NotRequested => Problems.Create(StatusCodes.Status404NotFound, "cash-out-not-requested", "No cash-out request is waiting",
                $"Wallet '{walletId}' has no cash-out request to withdraw. Nothing was changed."),
            CashOutWithdrawalOutcome.InBatch => Problems.Conflict("cash-out-in-batch", "A payout batch has taken the request",
                $"The cash-out request of wallet '{walletId}' is in a payout batch being paid: it can no longer be withdrawn. Nothing was changed."),
            CashOutWithdrawalOutcome.AlreadyPaidOut => Problems.Conflict("cash-out-already-paid", "The wallet was paid out already",
                $"Wallet '{walletId}' was paid out once; it cannot be paid out again."),
            _ => Problems.BadRequest("validation", "The request is not valid", "The ledger refused the input."),
        };
    }

    /// <summary>The first request and every repeat answer the same batch, as a top-up and its duplicate do.</summary>
    public static async Task<Results<Ok<Wire.Contracts.PayoutBatchResponse>, ProblemHttpResult, ValidationProblem>> CreateBatch(
        Wire.Contracts.CreatePayoutBatchRequest request, IGrainFactory grains)
    {
        var validator = new RequestValidator().Id("batchId", request.BatchId);
        if (!validator.IsValid)
        {
            return validator.Problem();
        }

        var result = await grains.Reference<ICashOutDeskGrain>(ICashOutDeskGrain.Key).OpenBatch(request.BatchId);
        return result.Outcome switch
        {
            PayoutBatchOutcome.Created or PayoutBatchOutcome.Existing => TypedResults.Ok(PayoutBatches.ToResponse(result.Batch!, [])),
            PayoutBatchOutcome.NothingToPay => Problems.Conflict("payout-batch-empty", "No cash-out request is waiting",
                $"No wallet waits for a payout: batch '{request.BatchId}' was not made, and its id stays free."),
            _ => Problems.BadRequest("validation", "The request is not valid", "The ledger refused the input."),
        };
    }

    public static async Task<Results<Ok<Wire.Contracts.PayoutBatchResponse>, ContentHttpResult, ProblemHttpResult, ValidationProblem>> GetBatch(
        string batchId, string? format, HttpRequest http, IGrainFactory grains)
    {
        var validator = new RequestValidator()
            .Id("batchId", batchId)
            .Check(format is null or "json" or "csv", "format", "'format' must be json or csv.");
        if (!validator.IsValid)
        {
            return validator.Problem();
        }

        var desk = grains.Reference<ICashOutDeskGrain>(ICashOutDeskGrain.Key);
        if (await desk.GetBatch(batchId) is not { } batch)
        {
            return Problems.NotFound("payout-batch", $"No payout batch '{batchId}' was made.");
        }

        var response = PayoutBatches.ToResponse(batch, await desk.GetDestinations(batchId));
        return WantsCsv(format, http)
            ? TypedResults.Text(PayoutBatches.ToCsv(response), $"{CsvMediaType}; charset=utf-8")
            : TypedResults.Ok(response);
    }

    public static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> Confirm(string payoutId, IGrainFactory grains)
    {
        var validator = new RequestValidator()
            .Check(PayoutIds.TryParse(payoutId, out _, out _), "payoutId", "'payoutId' must be a payout's id: {batchId}:{walletId}.");
        if (!validator.IsValid)
        {
            return validator.Problem();
        }

        return await grains.Reference<ICashOutDeskGrain>(ICashOutDeskGrain.Key).Confirm(payoutId) switch
        {
            PayoutConfirmOutcome.Confirmed or PayoutConfirmOutcome.AlreadyConfirmed => TypedResults.NoContent(),
            PayoutConfirmOutcome.Skipped => Problems.Conflict("payout-skipped", "The batch skipped this payout",
                $"Payout '{payoutId}' paid nothing (see its reason in the batch): there is no transfer to confirm."),
            _ => Problems.NotFound("payout", $"No payout '{payoutId}' was made."),
        };
    }

    /// <summary><c>?format=</c> decides; without it, an Accept header that prefers text/csv.</summary>
    private static bool WantsCsv(string? format, HttpRequest http) =>
        format is not null ? format == "csv"
        : http.GetTypedHeaders().Accept.Any(accept => accept.MediaType.Equals(CsvMediaType, StringComparison.OrdinalIgnoreCase) && accept.Quality is null or > 0);
}
