using FestivalPos.Gateway.Api.Auth;
using FestivalPos.Gateway.Api.Errors;
using FestivalPos.Gateway.Api.RateLimiting;
using FestivalPos.Gateway.Api.Validation;
using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.Holders;
using FestivalPos.Grains.Interfaces.Wallets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FestivalPos.Gateway.Api.Apis;

/// <summary>
/// Holder data (GDPR): the personal data a wallet may carry, kept apart from the ledger. Organizers set, read, export
/// and erase it; every answer carrying it is <c>Cache-Control: no-store</c>.
/// </summary>
public static class HoldersApi
{
    public static IEndpointRouteBuilder MapHoldersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/wallets/{walletId}").WithTags("Holder data")
            .RequireAuthorization(Policies.Organizer).RequireRateLimiting(RateLimitingSetup.ClientPolicy).CarriesSecrets();
        api.MapPut("/holder", Set).WithName("SetHolderData").WithSummary("Sets the holder's name, email and IBAN (each optional), replacing what was there.");
        api.MapGet("/holder", Get).WithName("GetHolderData").WithSummary("The holder data of the wallet, or the time it was erased.");
        api.MapDelete("/holder", Erase).WithName("EraseHolderData").WithSummary("Erases the holder data for good, leaving a tombstone with the time; the ledger stays as it is.");
        api.MapGet("/export", Export).WithName("ExportWallet").WithSummary("Everything about the wallet as one JSON document: the wallet, its history with hashes, wristbands, holder data and cash-out.");
        return app;
    }

    public static async Task<Results<Ok<Wire.Contracts.HolderDataResponse>, ProblemHttpResult, ValidationProblem>> Set(
        string walletId, Wire.Contracts.HolderDataRequest request, IGrainFactory grains)
    {
        var validator = new RequestValidator()
            .Id("walletId", walletId)
            .Check(HolderDataRules.IsValidName(request.Name), "name", $"'name' must be 1 to {HolderDataRules.MaxNameLength} characters, not only spaces, or left out.")
            .Check(HolderDataRules.IsValidEmail(request.Email), "email", $"'email' must be an email address such as ana@example.org (at most {HolderDataRules.MaxEmailLength} characters), or left out.")
            .Check(HolderDataRules.IsValidIban(request.Iban), "iban", "'iban' must be an IBAN with valid check digits, such as DE89 3704 0044 0532 0130 00, or left out.");
        if (!validator.IsValid)
        {
            return validator.Problem();
        }

        var result = await grains.Reference<IWalletHolderGrain>(walletId).Set(new HolderData(request.Name, request.Email, request.Iban));
        return ToAnswer(walletId, result);
    }

    public static async Task<Results<Ok<Wire.Contracts.HolderDataResponse>, ProblemHttpResult, ValidationProblem>> Get(string walletId, IGrainFactory grains)
    {
        var validator = new RequestValidator().Id("walletId", walletId);
        return validator.IsValid ? ToAnswer(walletId, await grains.Reference<IWalletHolderGrain>(walletId).Get()) : validator.Problem();
    }

    public static async Task<Results<Ok<Wire.Contracts.HolderDataResponse>, ProblemHttpResult, ValidationProblem>> Erase(string walletId, IGrainFactory grains)
    {
        var validator = new RequestValidator().Id("walletId", walletId);
        return validator.IsValid ? ToAnswer(walletId, await grains.Reference<IWalletHolderGrain>(walletId).Erase()) : validator.Problem();
    }

    public static async Task<Results<Ok<Wire.Contracts.WalletExport>, ProblemHttpResult, ValidationProblem>> Export(string walletId, IGrainFactory grains, TimeProvider time)
    {
        var validator = new RequestValidator().Id("walletId", walletId);
        if (!validator.IsValid)
        {
            return validator.Problem();
        }

        var wallet = grains.Reference<IWalletGrain>(walletId);
        if (await wallet.GetView() is not { } view)
        {
            return WalletsApi.WalletNotFound(walletId);
        }

        var entries = await AllEntriesAsync(wallet);
        var holder = await grains.Reference<IWalletHolderGrain>(walletId).Get();
        var cashOut = await wallet.GetCashOut();
        return TypedResults.Ok(new Wire.Contracts.WalletExport(
            time.GetUtcNow(),
            WalletsApi.ToResponse(view),
            [.. entries.Select(WalletsApi.ToEntry)],
            await wallet.GetWristbands() ?? [],
            holder.Record is { } record ? ToResponse(walletId, record) : null,
            cashOut is null ? null : new Wire.Contracts.CashOutEntry(cashOut.RequestedAt, cashOut.Fee, cashOut.PayoutId, cashOut.Paid, cashOut.PaidAt, cashOut.ConfirmedAt)));
    }

    /// <summary>The whole history, page after page of the largest size.</summary>
    private static async Task<List<WalletEntry>> AllEntriesAsync(IWalletGrain wallet)
    {
        var entries = new List<WalletEntry>();
        long? after = 0;
        while (after is { } position && await wallet.GetHistory(position, LedgerLimits.MaxHistoryPageSize) is { } page)
        {
            entries.AddRange(page.Entries);
            after = page.Next;
        }

        return entries;
    }

    private static Results<Ok<Wire.Contracts.HolderDataResponse>, ProblemHttpResult, ValidationProblem> ToAnswer(string walletId, HolderResult result) => result.Outcome switch
    {
        HolderOutcome.Done => TypedResults.Ok(ToResponse(walletId, result.Record!)),
        HolderOutcome.WalletNotFound => WalletsApi.WalletNotFound(walletId),
        HolderOutcome.NoHolderData => Problems.NotFound("holder-data", $"Wallet '{walletId}' has no holder data."),
        HolderOutcome.CashOutPending => Problems.Conflict("cash-out-pending", "A cash-out still needs the holder data",
            $"Wallet '{walletId}' has a cash-out whose payout is not confirmed yet: it keeps an IBAN or email until the provider confirmed it. Nothing was changed."),
        _ => Problems.BadRequest("validation", "The request is not valid", "The ledger refused the input."),
    };

    private static Wire.Contracts.HolderDataResponse ToResponse(string walletId, HolderRecord record) =>
        new(walletId, record.Data?.Name, record.Data?.Email, record.Data?.Iban, record.ChangedAt, record.ErasedAt);
}
