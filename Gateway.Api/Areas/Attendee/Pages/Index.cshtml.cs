using FestivalPos.Gateway.Api.Apis;
using FestivalPos.Gateway.Api.Console;
using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Wire.Contracts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QRCoder;

namespace FestivalPos.Gateway.Api.Areas.Attendee.Pages;

/// <summary>
/// The signed-in attendee's wallet: balance, history, a fresh one-time QR token to pay with, and blocking a lost
/// wristband. Everything runs the API's own handlers for the wallet of the cookie, never one named by the request.
/// </summary>
public sealed class IndexModel(IGrainFactory grains) : PageModel
{
    private const int HistoryPageSize = 50;

    /// <summary>The newest wallet version not shown: the page shows the history up to it, newest first (null: from the newest).</summary>
    [BindProperty(SupportsGet = true)]
    public long? Before { get; set; }

    [BindProperty]
    public bool Confirm { get; set; }

    public WalletResponse? Wallet { get; private set; }

    public TransactionEntry[] History { get; private set; } = [];

    /// <summary>Where the older entries' page starts, or null when this page reaches the first entry.</summary>
    public long? Older { get; private set; }

    public string? QrSvg { get; private set; }

    public DateTimeOffset? QrExpiresAt { get; private set; }

    /// <summary>The token the QR code encodes, also on the page for a scanner that reads the page rather than the screen.</summary>
    public string? QrToken { get; private set; }

    public Console.Pages.Outcome? Outcome { get; private set; }

    /// <summary>A cash-out request is recorded and no payout has paid it yet: it may be withdrawn.</summary>
    public bool CashOutWaiting { get; private set; }

    private string WalletId => AttendeeAuthentication.WalletOf(User);

    public async Task<IActionResult> OnGetAsync()
    {
        await ShowAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostQrAsync()
    {
        var answer = (await WalletsApi.IssueQrToken(WalletId, grains)).Result;
        if (HandlerAnswers.ValueOf<QrTokenResponse>(answer) is { } token)
        {
            using var data = QRCodeGenerator.GenerateQrCode(token.Token, QRCodeGenerator.ECCLevel.M);
            QrSvg = new SvgQRCode(data).GetGraphic(6);
            QrExpiresAt = token.ExpiresAt;
            QrToken = token.Token;
        }
        else
        {
            Outcome = new Console.Pages.Outcome(false, HandlerAnswers.ProblemOf(answer)!);
            Response.StatusCode = HandlerAnswers.StatusOf(answer);
        }

        await ShowAsync();
        return Page();
    }

    /// <summary>Where the leftover balance goes (the holder data, kept apart from the ledger), then the request itself.</summary>
    [BindProperty]
    public HolderDataRequest? Payout { get; set; }

    public async Task<IActionResult> OnPostCashOutAsync()
    {
        var holder = (await HoldersApi.Set(WalletId, Payout ?? new HolderDataRequest(), grains)).Result;
        var answer = HandlerAnswers.Succeeded(holder) ? (await CashOutApi.Request(WalletId, grains)).Result : holder;
        return await ShowAnswerAsync(answer, HandlerAnswers.ValueOf<CashOutResponse>(answer) is { } requested
            ? $"Your payout of {HandlerAnswers.Money(Math.Max(0, requested.Balance - requested.Fee))} is requested (fee {HandlerAnswers.Money(requested.Fee)}): it is paid with the next payout batch."
            : null);
    }

    /// <summary>The request is withdrawn as an organizer would withdraw it; once a batch took it, the answer says so.</summary>
    public async Task<IActionResult> OnPostWithdrawCashOutAsync()
    {
        return await ShowAnswerAsync(
            (await CashOutApi.Withdraw(WalletId, grains)).Result, "Your payout request is withdrawn: nothing will be paid out. You can request it again later.");
    }

    public async Task<IActionResult> OnPostBlockAsync()
    {
        if (!Confirm)
        {
            Outcome = new Console.Pages.Outcome(false, "Tick the box to confirm that your wristband is lost.");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await ShowAsync();
            return Page();
        }

        return await ShowAnswerAsync((await WalletsApi.Block(WalletId, grains)).Result, "Your wristband is blocked: nothing more can be paid with it.");
    }

    /// <summary>The page with what an action came to: <paramref name="done"/> when it succeeded, else the handler's problem and its status.</summary>
    private async Task<IActionResult> ShowAnswerAsync(IResult answer, string? done)
    {
        Outcome = HandlerAnswers.Succeeded(answer) && done is not null
            ? new Console.Pages.Outcome(true, done)
            : new Console.Pages.Outcome(false, HandlerAnswers.ProblemOf(answer)!);
        Response.StatusCode = HandlerAnswers.StatusOf(answer) is var status && status < 300 ? StatusCodes.Status200OK : status;
        await ShowAsync();
        return Page();
    }

    private async Task ShowAsync()
    {
        // The history API pages oldest first by wallet version; the attendee wants the newest first.
        Wallet = HandlerAnswers.ValueOf<WalletResponse>((await WalletsApi.Get(WalletId, grains)).Result);
        if (Wallet is null)
        {
            return;
        }

        CashOutWaiting = await grains.Reference<IWalletGrain>(WalletId).GetCashOut() is { PayoutId: null };
        var through = Math.Clamp(Before ?? Wallet.Version, 0, Wallet.Version);
        var after = Math.Max(0, through - HistoryPageSize);
        if (HandlerAnswers.ValueOf<TransactionsPage>((await WalletsApi.Transactions(WalletId, after, HistoryPageSize, grains)).Result) is { } page)
        {
            History = [.. page.Entries.Where(entry => entry.Position <= through).Reverse()];
            Older = after > 0 ? after : null;
        }
    }
}
