using FestivalPos.Gateway.Api.Auth;
using FestivalPos.Gateway.Api.Errors;
using FestivalPos.Gateway.Api.RateLimiting;
using FestivalPos.Gateway.Api.Validation;
using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.Wallets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FestivalPos.Gateway.Api.Apis;

/// <summary>Wallets: organizers create and manage them; organizers and the top-up provider read them.</summary>
public static class WalletsApi
{
    public const int DefaultPageSize = 50;

    public static IEndpointRouteBuilder MapWalletsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/wallets").WithTags("Wallets").RequireRateLimiting(RateLimitingSetup.ClientPolicy);
        api.MapPost("/", Create).WithName("CreateWallet").WithSummary("Creates an empty, active wallet.").RequireAuthorization(Policies.Organizer);
        api.MapPost("/{walletId}/wristbands", LinkWristband).WithName("LinkWristband").WithSummary("Links a wristband uid to the wallet.").RequireAuthorization(Policies.Organizer);
        api.MapPut("/{walletId}/pin", SetPin).WithName("SetPin").WithSummary("Sets the wallet's PIN (4 to 8 digits) and lifts a PIN lockout.").RequireAuthorization(Policies.Organizer);
        api.MapPost("/{walletId}/block", Block).WithName("BlockWallet").WithSummary("Blocks the wallet: online charges are declined.").RequireAuthorization(Policies.Organizer);
        api.MapPost("/{walletId}/unblock", Unblock).WithName("UnblockWallet").WithSummary("Unblocks the wallet.").RequireAuthorization(Policies.Organizer);
        api.MapPost("/{walletId}/qr-token", IssueQrToken).WithName("IssueQrToken").WithSummary($"A signed QR token for the wallet, valid {IQrTokenGrain.LifetimeSeconds} seconds.").RequireAuthorization(Policies.Organizer).CarriesSecrets();
        api.MapGet("/{walletId}", Get).WithName("GetWallet").WithSummary("The wallet's balance, status and flags.").RequireAuthorization(Policies.OrganizerOrTopUp);
        api.MapGet("/{walletId}/transactions", Transactions).WithName("GetWalletTransactions").WithSummary("A page of the wallet's entries, oldest first.").RequireAuthorization(Policies.Organizer);
        return app;
    }

    public static async Task<Results<Created<CreatedWallet>, ProblemHttpResult, ValidationProblem>> Create(CreateWalletRequest request, IGrainFactory grains)
    {
        var validator = new RequestValidator().Id("walletId", request.WalletId);
        if (!validator.IsValid)
        {
            return validator.Problem();
        }

        return await grains.Reference<IWalletGrain>(request.WalletId).Create() switch
        {
            WalletCommandOutcome.Done => TypedResults.Created($"/api/v1/wallets/{request.WalletId}", new CreatedWallet(request.WalletId, 0, Names.Of(WalletStatus.Active))),
            WalletCommandOutcome.AlreadyExists => Problems.Conflict("wallet-exists", "The wallet already exists", $"Wallet '{request.WalletId}' exists."),
            _ => InvalidInput(),
        };
    }

    public static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> LinkWristband(string walletId, LinkWristbandRequest request, IGrainFactory grains)
    {
        var validator = new RequestValidator().Id("walletId", walletId).Id("uid", request.Uid);
        return validator.IsValid ? ToAnswer(walletId, await grains.Reference<IWalletGrain>(walletId).LinkWristband(request.Uid)) : validator.Problem();
    }

    public static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> SetPin(string walletId, SetPinRequest request, IGrainFactory grains)
    {
        var validator = new RequestValidator().Id("walletId", walletId).Pin("pin", request.Pin);
        return validator.IsValid ? ToAnswer(walletId, await grains.Reference<IWalletGrain>(walletId).SetPin(request.Pin)) : validator.Problem();
    }

    public static async Task<Results<Ok<QrTokenResponse>, ProblemHttpResult, ValidationProblem>> IssueQrToken(string walletId, IGrainFactory grains)
    {
        var validator = new RequestValidator().Id("walletId", walletId);
        if (!validator.IsValid)
        {
            return validator.Problem();
        }

        if (await grains.Reference<IWalletGrain>(walletId).GetView() is null)
        {
            return WalletNotFound(walletId);
        }

        var issued = await grains.Reference<IQrTokenGrain>(IQrTokenGrain.CurrentKey).Issue(walletId);
        return TypedResults.Ok(new QrTokenResponse(issued.Token, issued.ExpiresAt));
    }

    public static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> Block(string walletId, IGrainFactory grains)
    {
        var validator = new RequestValidator().Id("walletId", walletId);
        return validator.IsValid ? ToAnswer(walletId, await grains.Reference<IWalletGrain>(walletId).Block()) : validator.Problem();
    }

    public static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> Unblock(string walletId, IGrainFactory grains)
    {
        var validator = new RequestValidator().Id("walletId", walletId);
        return validator.IsValid ? ToAnswer(walletId, await grains.Reference<IWalletGrain>(walletId).Unblock()) : validator.Problem();
    }

    public static async Task<Results<Ok<WalletResponse>, ProblemHttpResult, ValidationProblem>> Get(string walletId, IGrainFactory grains)
    {
        var validator = new RequestValidator().Id("walletId", walletId);
        if (!validator.IsValid)
        {
            return validator.Problem();
        }

        var view = await grains.Reference<IWalletGrain>(walletId).GetView();
        return view is null
            ? WalletNotFound(walletId)
            : TypedResults.Ok(ToResponse(view));
    }

    public static async Task<Results<Ok<TransactionsPage>, ProblemHttpResult, ValidationProblem>> Transactions(string walletId, long? after, int? limit, IGrainFactory grains)
    {
        var validator = new RequestValidator()
            .Id("walletId", walletId)
            .Check(after is null or >= 0, "after", "'after' must be 0 or more.")
            .Check(limit is null or >= 1 and <= LedgerLimits.MaxHistoryPageSize, "limit", $"'limit' must be 1 to {LedgerLimits.MaxHistoryPageSize}.");
        if (!validator.IsValid)
        {
            return validator.Problem();
        }

        var page = await grains.Reference<IWalletGrain>(walletId).GetHistory(after ?? 0, limit ?? DefaultPageSize);
        return page is null ? WalletNotFound(walletId) : TypedResults.Ok(new TransactionsPage([.. page.Entries.Select(ToEntry)], page.Next));
    }

    public static ProblemHttpResult WalletNotFound(string walletId) => Problems.NotFound("wallet", $"Wallet '{walletId}' does not exist.");

    private static Results<NoContent, ProblemHttpResult, ValidationProblem> ToAnswer(string walletId, WalletCommandOutcome outcome) => outcome switch
    {
        WalletCommandOutcome.Done => TypedResults.NoContent(),
        WalletCommandOutcome.WalletNotFound => WalletNotFound(walletId),
        WalletCommandOutcome.WristbandTaken => Problems.Conflict("wristband-taken", "The wristband belongs to another wallet", "A wristband uid can be linked to one wallet only."),
        _ => InvalidInput(),
    };

    private static ProblemHttpResult InvalidInput() => Problems.BadRequest("validation", "The request is not valid", "The ledger refused the input.");

    public static WalletResponse ToResponse(WalletView view) =>
        new(view.WalletId, view.Balance, Names.Of(view.Status), [.. view.Flags.Select(Names.Of)], view.Version);

    public static TransactionEntry ToEntry(WalletEntry entry) => new(
        entry.Position, Names.Of(entry.Kind), entry.Amount, entry.BalanceAfter, entry.TxId, entry.DeviceId, entry.Seq, entry.CreatedAt, entry.RecordedAt, entry.Hash);
}
