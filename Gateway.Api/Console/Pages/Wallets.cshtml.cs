using FestivalPos.Gateway.Api.Apis;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FestivalPos.Gateway.Api.Console.Pages;

/// <summary>A wallet's balance, status, flags and history, blocked and unblocked through <see cref="WalletsApi"/>'s handlers.</summary>
public sealed class WalletsModel(IGrainFactory grains) : ConsolePageModel
{
    [BindProperty(SupportsGet = true)]
    public string? WalletId { get; set; }

    [BindProperty(SupportsGet = true)]
    public long After { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public WalletResponse? Wallet { get; private set; }

    public TransactionEntry[] History { get; private set; } = [];

    public long? Next { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        await ShowAsync();
        // Said only when the wallet is so: a link cannot make the page claim what did not happen.
        if (Wallet is { } wallet && (Done, wallet.Status) is ("blocked", "blocked") or ("unblocked", "active"))
        {
            Outcome = new Outcome(true, $"{wallet.WalletId} is {Done}.");
        }

        return Page();
    }

    public Task<IActionResult> OnPostBlockAsync() => ChangeAsync("blocked", walletId => WalletsApi.Block(walletId, grains));

    public Task<IActionResult> OnPostUnblockAsync() => ChangeAsync("unblocked", walletId => WalletsApi.Unblock(walletId, grains));

    private async Task<IActionResult> ChangeAsync(string done, Func<string, Task<Results<NoContent, ProblemHttpResult, ValidationProblem>>> change)
    {
        var answer = (await change(WalletId ?? "")).Result;
        if (HandlerAnswers.Succeeded(answer))
        {
            return Redirect($"{ConsoleAuthentication.PathBase}/wallets?walletId={Uri.EscapeDataString(WalletId!)}&done={done}");
        }

        ShowFailure(answer);
        return await ShowAsync();
    }

    private async Task<IActionResult> ShowAsync()
    {
        if (string.IsNullOrEmpty(WalletId))
        {
            return Page();
        }

        var wallet = (await WalletsApi.Get(WalletId, grains)).Result;
        Wallet = HandlerAnswers.ValueOf<WalletResponse>(wallet);
        var history = Wallet is null ? wallet : (await WalletsApi.Transactions(WalletId, After, WalletsApi.DefaultPageSize, grains)).Result;
        if (HandlerAnswers.ValueOf<TransactionsPage>(history) is { } page)
        {
            History = page.Entries;
            Next = page.Next;
        }
        else
        {
            ShowFailure(history);
        }

        return Page();
    }
}
